package io.paygrid.merchant;

import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.paygrid.merchant.MerchantApi.as;
import static io.paygrid.merchant.MerchantApi.asAdminFor;
import static io.paygrid.merchant.MerchantApi.createKey;
import static io.paygrid.merchant.MerchantApi.createMerchant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class MerchantAdministrationTest {

    @Test
    void shouldKeepDefaultsAndMergeSettingsChanges() {
        String merchant = createMerchant("Settings");
        String key = createKey(merchant, List.of("*"))[1];
        ServiceBasicsTest.awaitKey(key, "/v1/merchants/me");
        as(key).get("/v1/merchants/me").then().statusCode(200)
                .body("settings.default_expiry_minutes", equalTo(15))
                .body("settings.payment_tolerance_percent", equalTo("0"));

        as(key).body(Map.of("business_name", "Settings GmbH", "settings", Map.of(
                        "payment_tolerance_percent", "0.5",
                        "confirmations", Map.of("ethereum", 6, "bitcoin", 2),
                        // This test's own address too: the allow-list reaches the key replica within moments, and
                        // the next request must still be let in.
                        "ip_allowlist", List.of("203.0.113.7", "198.51.100.0/24", "2001:db8::/32", "127.0.0.1"),
                        "branding", Map.of("display_name", "Settings Shop", "primary_color", "#1a2b3c",
                                "logo_url", "https://shop.example/logo.png"),
                        "notifications", Map.of("email", "ops@shop.example", "events", List.of("invoice.paid")))))
                .patch("/v1/merchants/me").then().statusCode(200)
                .body("business_name", equalTo("Settings GmbH"))
                .body("settings.default_expiry_minutes", equalTo(15))
                .body("settings.payment_tolerance_percent", equalTo("0.5"))
                .body("settings.confirmations.ethereum", equalTo(6))
                .body("settings.ip_allowlist", hasSize(4))
                .body("settings.branding.primary_color", equalTo("#1a2b3c"));
        as(key).body(Map.of("settings", Map.of("default_expiry_minutes", 30))).patch("/v1/merchants/me").then()
                .statusCode(200)
                .body("settings.default_expiry_minutes", equalTo(30))
                .body("settings.payment_tolerance_percent", equalTo("0.5"));
    }

    @Test
    void shouldRejectBadSettingsAndFieldsAClientMayNotSetAndChangeNothing() {
        String merchant = createMerchant("Strictly");
        String key = createKey(merchant, List.of("*"))[1];
        ServiceBasicsTest.awaitKey(key, "/v1/merchants/me");
        List<Map<String, Object>> bad = List.of(
                Map.of("status", "active"),
                Map.of("id", "mer_00000000000000000000000000"),
                Map.of("settings", Map.of("payment_tolerance_percent", "60")),
                Map.of("settings", Map.of("payment_tolerance_percent", "-1")),
                Map.of("settings", Map.of("default_expiry_minutes", 0)),
                Map.of("settings", Map.of("confirmations", Map.of("dogecoin", 3))),
                Map.of("settings", Map.of("ip_allowlist", List.of("shop.example"))),
                Map.of("settings", Map.of("branding", Map.of("primary_color", "red"))),
                Map.of("settings", Map.of("branding", Map.of("logo_url", "http://shop.example/logo.png"))),
                Map.of("settings", Map.of("notifications", Map.of("events", List.of("invoice.exploded")))),
                Map.of("settings", Map.of("surprise", true)),
                Map.of("email", "not-an-email"));
        for (Map<String, Object> body : bad) {
            as(key).body(body).patch("/v1/merchants/me").then()
                    .statusCode(400).contentType("application/problem+json");
        }
        as(key).get("/v1/merchants/me").then().statusCode(200)
                .body("status", equalTo("active"))
                .body("email", equalTo("strictly@example.com"))
                .body("settings.payment_tolerance_percent", equalTo("0"));
        given().auth().oauth2(key).get("/v1/audit-logs?action=merchant.updated").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void shouldStopEveryKeyOfADeactivatedMerchantAndKeepItsData() {
        String merchant = createMerchant("Closing");
        String key = createKey(merchant, List.of("*"))[1];
        ServiceBasicsTest.awaitKey(key, "/v1/merchants/me");
        as(key).post("/v1/merchants/" + merchant + "/deactivate").then().statusCode(403);

        long started = System.nanoTime();
        given().auth().oauth2(MerchantApi.ADMIN).post("/v1/merchants/" + merchant + "/deactivate").then()
                .statusCode(200).body("status", equalTo("deactivated"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                as(key).get("/v1/merchants/me").then().statusCode(401));
        System.out.printf("Key refused %d ms after the deactivation%n", (System.nanoTime() - started) / 1_000_000);

        asAdminFor(merchant).get("/v1/merchants/me").then().statusCode(200).body("status", equalTo("deactivated"));
        asAdminFor(merchant).get("/v1/audit-logs?action=merchant.deactivated").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].actor", equalTo("platform-admin"))
                .body("data[0].before.status", equalTo("active"))
                .body("data[0].after.status", equalTo("deactivated"));
        given().auth().oauth2(MerchantApi.ADMIN).post("/v1/merchants/mer_00000000000000000000000000/deactivate").then()
                .statusCode(404);
    }

    @Test
    void shouldAuditEveryChangeWithActorOriginAndBeforeAndAfter() {
        String merchant = createMerchant("Audited");
        String[] key = createKey(merchant, List.of("*"));
        ServiceBasicsTest.awaitKey(key[1], "/v1/merchants/me");
        as(key[1]).header("User-Agent", "shop-backend/1.0").header("X-Forwarded-For", "203.0.113.9")
                .body(Map.of("name", "Audited Again")).patch("/v1/merchants/me").then().statusCode(200);

        given().auth().oauth2(key[1]).get("/v1/audit-logs").then().statusCode(200)
                .body("data.action", contains("merchant.updated", "api_key.created", "merchant.created"))
                .body("data[0].actor", equalTo(key[0]))
                .body("data[0].actor_kind", equalTo("api_key"))
                .body("data[0].ip", equalTo("203.0.113.9"))
                .body("data[0].user_agent", equalTo("shop-backend/1.0"))
                .body("data[0].before.name", equalTo("Audited"))
                .body("data[0].after.name", equalTo("Audited Again"))
                .body("data[1].before", nullValue())
                .body("data[1].after.id", equalTo(key[0]))
                .body("data[1].after.secret", nullValue());
        given().auth().oauth2(key[1]).get("/v1/audit-logs?limit=1").then().statusCode(200)
                .body("data", hasSize(1)).body("has_more", equalTo(true));
        given().auth().oauth2(key[1]).get("/v1/audit-logs?target_id=" + key[0]).then().statusCode(200)
                .body("data.action", contains("api_key.created"));
        given().auth().oauth2(key[1]).get("/v1/audit-logs?created_gte=yesterday").then().statusCode(400)
                .body("errors.field", hasItem("created_gte"));
    }
}
