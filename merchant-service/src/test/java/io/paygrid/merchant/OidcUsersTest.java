package io.paygrid.merchant;

import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Dashboard users and admins with real signed OIDC tokens from an in-process mock provider. */
@QuarkusTest
@TestProfile(OidcUsersTest.WithOidc.class)
@WithTestResource(PayGridTestResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class OidcUsersTest {

    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.client-id", "quarkus-service-app",
                    "quarkus.oidc.token.issuer", "https://server.example.com");
        }
    }

    private static String token(String subject, String role) {
        return OidcWiremockTestResource.generateJwtToken(subject + "@example.com", Set.of(role), subject, "Bearer");
    }

    @Test
    void shouldLetAnOidcAdminDoAdminWork() {
        String admin = token("alice", "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Oidc Shop", "email", "oidc@example.com")).post("/v1/merchants").then()
                .statusCode(201).body("id", startsWith("mer_"));
        given().auth().oauth2(admin).get("/v1/merchants/me").then().statusCode(400).body("code", equalTo("merchant_header_required"));
    }

    @Test
    void shouldScopeAMerchantUserToTheMerchantItsSubjectIsLinkedTo() {
        String mine = MerchantApi.createMerchant("Mine");
        String theirs = MerchantApi.createMerchant("Theirs");
        String user = token("bob", "merchant");
        given().auth().oauth2(user).get("/v1/merchants/me").then().statusCode(403);

        given().auth().oauth2(MerchantApi.ADMIN).contentType(ContentType.JSON).body(Map.of("subject", "bob"))
                .post("/v1/merchants/" + mine + "/users").then().statusCode(201).body("merchant_id", equalTo(mine));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(user).get("/v1/merchants/me").then().statusCode(200).body("id", equalTo(mine)));
        given().auth().oauth2(user).header("PayGrid-Merchant", theirs).get("/v1/merchants/me").then()
                .statusCode(200).body("id", equalTo(mine));
        given().auth().oauth2(user).contentType(ContentType.JSON).body(Map.of("name", "Mine, renamed"))
                .patch("/v1/merchants/me").then().statusCode(200);
        given().auth().oauth2(user).get("/v1/audit-logs?action=merchant.updated").then().statusCode(200)
                .body("data[0].actor", equalTo("oidc:bob")).body("data[0].actor_kind", equalTo("oidc"));
        given().auth().oauth2(user).contentType(ContentType.JSON).body(Map.of("name", "x", "email", "x@example.com"))
                .post("/v1/merchants").then().statusCode(403);

        given().auth().oauth2(MerchantApi.ADMIN).delete("/v1/merchants/" + mine + "/users/bob").then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(user).get("/v1/merchants/me").then().statusCode(403));
    }

    @Test
    void shouldLetAnOperatorReadButNotWrite() {
        String merchant = MerchantApi.createMerchant("Watched");
        String operator = token("carol", "operator");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(operator).header("PayGrid-Merchant", merchant).get("/v1/merchants/me").then()
                        .statusCode(200).body("id", equalTo(merchant)));
        given().auth().oauth2(operator).header("PayGrid-Merchant", merchant).contentType(ContentType.JSON)
                .body(Map.of("name", "Hijacked")).patch("/v1/merchants/me").then().statusCode(403);
    }

    @Test
    void shouldRefuseTokensThatAreForgedOrHaveNoRole() {
        given().auth().oauth2("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl").get("/v1/merchants/me").then()
                .statusCode(401);
        given().auth().oauth2(token("dave", "visitor")).get("/v1/merchants/me").then().statusCode(403);
    }
}
