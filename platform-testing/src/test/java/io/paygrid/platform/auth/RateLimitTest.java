package io.paygrid.platform.auth;

import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(RateLimitTest.TightLimit.class)
@WithTestResource(PayGridTestResource.class)
class RateLimitTest {

    public static class TightLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paygrid.rate-limit.per-second", "1", "paygrid.rate-limit.burst", "5");
        }
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceAKeyExceedsItsLimitWithoutSlowingOtherKeys() {
        MerchantFixtures.TestMerchant busy = MerchantFixtures.activeMerchant(List.of("*"));
        MerchantFixtures.TestMerchant quiet = MerchantFixtures.activeMerchant(List.of("*"));
        ServiceBasicsTest.awaitKey(busy.key(), "/test/whoami");
        ServiceBasicsTest.awaitKey(quiet.key(), "/test/whoami");

        Response limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            Response response = given().auth().oauth2(busy.key()).get("/test/whoami");
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).as("the busy key is limited within 20 requests").isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("code")).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);

        given().auth().oauth2(quiet.key()).get("/test/whoami").then().statusCode(200);
    }
}
