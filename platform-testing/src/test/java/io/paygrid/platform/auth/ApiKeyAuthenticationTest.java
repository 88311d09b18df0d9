package io.paygrid.platform.auth;

import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class ApiKeyAuthenticationTest {

    @Test
    void shouldAuthenticateAKeyFromTheReplicatedTableAndScopeTheCallerToItsMerchant() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        MerchantFixtures.merchant(merchant, "active");
        String key = MerchantFixtures.apiKey(merchant, List.of("*"), null);

        awaitStatus(key, 200);
        given().auth().oauth2(key).get("/test/whoami").then()
                .statusCode(200)
                .body("merchant_id", equalTo(merchant))
                .body("mode", equalTo("test"));
    }

    @Test
    void shouldAnswer401WithProblemJsonForMissingUnknownOrMalformedKeys() {
        given().get("/test/whoami").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("unauthenticated"));
        given().auth().oauth2("sk_test_" + "A".repeat(ApiKeys.RANDOM_LENGTH)).get("/test/whoami").then()
                .statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        given().auth().oauth2("sk_test_short").get("/test/whoami").then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
    }

    @Test
    void shouldAnswer403ForAKeyWithoutTheScope() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        MerchantFixtures.merchant(merchant, "active");
        String key = MerchantFixtures.apiKey(merchant, List.of(Scopes.WEBHOOKS_READ), null);
        awaitStatus(key, 403);
        given().auth().oauth2(key).get("/test/whoami").then()
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
    }

    @Test
    void shouldRefuseRevokedKeysAndKeysOfDeactivatedMerchants() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        MerchantFixtures.merchant(merchant, "active");
        String live = MerchantFixtures.apiKey(merchant, List.of("*"), null);
        String revoked = MerchantFixtures.apiKey(merchant, List.of("*"), Instant.now());
        awaitStatus(live, 200);
        given().auth().oauth2(revoked).get("/test/whoami").then().statusCode(401);

        MerchantFixtures.merchant(merchant, "deactivated");
        awaitStatus(live, 401);
    }

    @Test
    void shouldKeepARevokedKeyRevokedWhenAnOlderEventArrivesLate() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        MerchantFixtures.merchant(merchant, "active");
        String secret = ApiKeys.generate("test");
        String keyId = Ids.newId(IdPrefix.API_KEY);
        MerchantFixtures.publish(MerchantEvents.API_KEY_CREATED, merchant,
                MerchantFixtures.keyData(keyId, merchant, secret, List.of("*"), null));
        awaitStatus(secret, 200);
        MerchantFixtures.publish(MerchantEvents.API_KEY_REVOKED, merchant,
                MerchantFixtures.keyData(keyId, merchant, secret, List.of("*"), Instant.now()));
        awaitStatus(secret, 401);

        MerchantFixtures.publishAt(Instant.now().minusSeconds(60), MerchantEvents.API_KEY_UPDATED, merchant,
                MerchantFixtures.keyData(keyId, merchant, secret, List.of("*"), null));
        MerchantFixtures.publish(MerchantEvents.API_KEY_UPDATED, merchant,
                MerchantFixtures.keyData(keyId, merchant, secret, List.of("*"), null));
        String marker = MerchantFixtures.apiKey(merchant, List.of("*"), null);
        awaitStatus(marker, 200);
        given().auth().oauth2(secret).get("/test/whoami").then().statusCode(401);
    }

    @Test
    void shouldSkipUnreadableAndUnknownEventsAndGoOnReplicating() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        MerchantFixtures.publishRaw(merchant, "this is not json");
        MerchantFixtures.publishRaw(merchant, "{\"specversion\":\"1.0\",\"id\":\"evt_x\",\"type\":\"api_key.exploded\",\"source\":\"/x\"}");
        MerchantFixtures.publish(MerchantEvents.API_KEY_CREATED, merchant, java.util.Map.of("id", "key_without_the_rest"));
        MerchantFixtures.merchant(merchant, "active");
        String key = MerchantFixtures.apiKey(merchant, List.of("*"), null);
        awaitStatus(key, 200);
    }

    @Test
    void shouldRefuseCallsFromOutsideTheMerchantsIpAllowlist() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        MerchantFixtures.merchant(merchant, "active");
        String key = MerchantFixtures.apiKey(merchant, List.of("*"), null);
        awaitStatus(key, 200);
        MerchantFixtures.merchantWithAllowlist(merchant, List.of("203.0.113.0/24"));
        awaitStatus(key, 403);
        given().auth().oauth2(key).get("/test/whoami").then()
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("ip_not_allowed"));
        // The test client is on loopback, a trusted proxy by default, so its forwarded address counts.
        given().auth().oauth2(key).header("X-Forwarded-For", "203.0.113.50, 10.0.0.1").get("/test/whoami").then()
                .statusCode(200);
        given().auth().oauth2(key).header("X-Forwarded-For", "198.51.100.1").get("/test/whoami").then().statusCode(403);
        given().auth().oauth2(key).header("X-Forwarded-For", "not-an-address").get("/test/whoami").then().statusCode(403);
    }

    @Test
    void shouldLetTheAdminKeyActForTheMerchantNamedInTheHeader() {
        given().auth().oauth2(PayGridTestResource.ADMIN_KEY).get("/test/whoami").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("merchant_header_required"));
        given().auth().oauth2(PayGridTestResource.ADMIN_KEY).header("PayGrid-Merchant", "not-a-merchant")
                .get("/test/whoami").then().statusCode(400).body("code", equalTo("validation_failed"));
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        given().auth().oauth2(PayGridTestResource.ADMIN_KEY).header("PayGrid-Merchant", merchant)
                .get("/test/whoami").then().statusCode(200).body("merchant_id", equalTo(merchant));
        given().auth().oauth2(PayGridTestResource.ADMIN_KEY + "x").get("/test/whoami").then().statusCode(401);
    }

    private static void awaitStatus(String key, int status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().auth().oauth2(key).get("/test/whoami").then().statusCode(status));
    }
}
