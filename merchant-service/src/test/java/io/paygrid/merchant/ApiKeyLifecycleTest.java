package io.paygrid.merchant;

import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class ApiKeyLifecycleTest {

    private static final String ADMIN = PayGridTestResource.ADMIN_KEY;

    @Test
    void shouldIssueAKeyThatWorksOnceReplicatedAndStopsWorkingWhenRevoked() {
        String merchantId = createMerchant("Acme");
        String secret = given().auth().oauth2(ADMIN).header("PayGrid-Merchant", merchantId).contentType(ContentType.JSON)
                .body(Map.of("name", "server", "scopes", java.util.List.of("*"), "mode", "test"))
                .post("/v1/api-keys").then()
                .statusCode(201)
                .body("id", startsWith("key_"))
                .body("secret", matchesPattern("sk_test_[0-9A-Za-z]{43}"))
                .body("prefix", startsWith("sk_test_"))
                .extract().path("secret");

        ServiceBasicsTest.awaitKey(secret, "/v1/merchants/me");
        given().auth().oauth2(secret).get("/v1/merchants/me").then()
                .statusCode(200).body("id", equalTo(merchantId)).body("name", equalTo("Acme"));
        String keyId = given().auth().oauth2(secret).get("/v1/api-keys").then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].secret", nullValue())
                .body("has_more", equalTo(false))
                .extract().path("data[0].id");

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(secret).get("/v1/merchants/me").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(secret).get("/v1/api-keys").then()
                .body("data[0].usage_count", org.hamcrest.Matchers.greaterThanOrEqualTo(5))
                .body("data[0].last_used_at", not(nullValue())));

        given().auth().oauth2(secret).delete("/v1/api-keys/" + keyId).then()
                .statusCode(200).body("revoked_at", not(nullValue()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(secret).get("/v1/merchants/me").then().statusCode(401));
    }

    @Test
    void shouldHideOtherMerchantsKeys() {
        String first = createMerchant("First");
        String second = createMerchant("Second");
        String keyOfFirst = given().auth().oauth2(ADMIN).header("PayGrid-Merchant", first).contentType(ContentType.JSON)
                .body(Map.of("name", "k", "scopes", java.util.List.of("merchant:read"), "mode", "test"))
                .post("/v1/api-keys").then().statusCode(201).extract().path("id");
        given().auth().oauth2(ADMIN).header("PayGrid-Merchant", second).delete("/v1/api-keys/" + keyOfFirst).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("resource_not_found"));
        given().auth().oauth2(ADMIN).header("PayGrid-Merchant", second).get("/v1/api-keys").then()
                .statusCode(200).body("data", hasSize(0));
    }

    @Test
    void shouldRejectBadInputWithProblemJsonAndCreateNothing() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "email", "not-an-email")).post("/v1/merchants").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("email"));
        String merchantId = createMerchant("Strict");
        given().auth().oauth2(ADMIN).header("PayGrid-Merchant", merchantId).contentType(ContentType.JSON)
                .body(Map.of("name", "k", "scopes", java.util.List.of("everything:please"), "mode", "test"))
                .post("/v1/api-keys").then().statusCode(400).body("errors.field", hasItem("scopes"));
        given().auth().oauth2(ADMIN).header("PayGrid-Merchant", merchantId).contentType(ContentType.JSON)
                .body(Map.of("name", "k", "scopes", java.util.List.of("*"), "mode", "production"))
                .post("/v1/api-keys").then().statusCode(400).body("errors.field", hasItem("mode"));
        given().auth().oauth2(ADMIN).header("PayGrid-Merchant", merchantId).get("/v1/api-keys").then()
                .statusCode(200).body("data", hasSize(0));
        given().auth().oauth2(ADMIN).header("PayGrid-Merchant", merchantId).get("/v1/api-keys?limit=0").then()
                .statusCode(400).body("errors.field", hasItem("limit"));
    }

    @Test
    void shouldLetOnlyAdminsCreateMerchants() {
        String merchantId = createMerchant("Shop");
        String secret = given().auth().oauth2(ADMIN).header("PayGrid-Merchant", merchantId).contentType(ContentType.JSON)
                .body(Map.of("name", "k", "scopes", java.util.List.of("*"), "mode", "test"))
                .post("/v1/api-keys").then().statusCode(201).extract().path("secret");
        ServiceBasicsTest.awaitKey(secret, "/v1/merchants/me");
        given().auth().oauth2(secret).contentType(ContentType.JSON)
                .body(Map.of("name", "Other", "email", "o@example.com")).post("/v1/merchants").then()
                .statusCode(403).contentType("application/problem+json");
    }

    private static String createMerchant(String name) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", name, "email", name.toLowerCase() + "@example.com", "business_name", name + " Ltd"))
                .post("/v1/merchants").then()
                .statusCode(201).body("id", startsWith("mer_")).body("status", equalTo("active"))
                .extract().path("id");
    }
}
