package io.paygrid.platform.auth;

import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A deployment may configure only the admin key's hash, never the key itself. */
@QuarkusTest
@TestProfile(AdminKeyHashTest.HashOnly.class)
@WithTestResource(PayGridTestResource.class)
class AdminKeyHashTest {

    static final String AUTOMATION_KEY = "automation-admin-key-5f1c0d9e";

    public static class HashOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paygrid.auth.admin-key-hash", ApiKeys.hash(AUTOMATION_KEY, PayGridTestResource.KEY_HASH_SECRET));
        }
    }

    @Test
    void shouldAcceptTheKeyWhoseHashIsConfiguredAndNothingElse() {
        given().auth().oauth2(AUTOMATION_KEY).header("PayGrid-Merchant", "mer_00000000000000000000000000")
                .get("/test/whoami").then().statusCode(200).body("merchant_id", equalTo("mer_00000000000000000000000000"));
        given().auth().oauth2(PayGridTestResource.ADMIN_KEY).get("/test/whoami").then().statusCode(401);
        given().auth().oauth2(ApiKeys.hash(AUTOMATION_KEY, PayGridTestResource.KEY_HASH_SECRET)).get("/test/whoami").then()
                .statusCode(401);
    }
}
