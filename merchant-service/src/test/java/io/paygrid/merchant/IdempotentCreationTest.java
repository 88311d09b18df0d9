package io.paygrid.merchant;

import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.paygrid.merchant.MerchantApi.asAdminFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class IdempotentCreationTest {

    @Test
    void shouldCreateAMerchantOnceForRetriesWithTheSameKey() {
        Map<String, String> body = Map.of("name", "Once", "email", "once@example.com");
        String id = given().auth().oauth2(MerchantApi.ADMIN).contentType(ContentType.JSON).header("Idempotency-Key", "m-1")
                .body(body).post("/v1/merchants").then().statusCode(201).extract().path("id");
        given().auth().oauth2(MerchantApi.ADMIN).contentType(ContentType.JSON).header("Idempotency-Key", "m-1")
                .body(body).post("/v1/merchants").then()
                .statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(id));
        given().auth().oauth2(MerchantApi.ADMIN).contentType(ContentType.JSON).header("Idempotency-Key", "m-1")
                .body(Map.of("name", "Twice", "email", "once@example.com")).post("/v1/merchants").then()
                .statusCode(422).body("code", equalTo("idempotency_key_reused"));
        asAdminFor(id).get("/v1/audit-logs?action=merchant.created").then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void shouldReplayAKeyCreationWithoutEverStoringItsSecret() {
        String merchant = MerchantApi.createMerchant("Keyed");
        Map<String, Object> body = Map.of("name", "server", "scopes", List.of("*"), "mode", "test");
        var first = asAdminFor(merchant).header("Idempotency-Key", "k-1").body(body).post("/v1/api-keys").then()
                .statusCode(201).body("secret", startsWith("sk_test_")).extract();
        asAdminFor(merchant).header("Idempotency-Key", "k-1").body(body).post("/v1/api-keys").then()
                .statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(first.path("id"))).body("secret", nullValue());
        asAdminFor(merchant).get("/v1/api-keys").then().statusCode(200).body("data", hasSize(1));
        asAdminFor(merchant).header("Idempotency-Key", "k".repeat(256)).body(body).post("/v1/api-keys").then().statusCode(400)
                .body("code", equalTo("idempotency_key_invalid"));
    }
}
