package io.paygrid.system;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Makes (once) the local run's test merchant and its all-scopes test API key through the public API,
 * as an operator would, and waits until every service accepts the key.
 */
final class Bootstrap {

    /** One authenticated list endpoint of each service: the key works everywhere once all answer 200. */
    static final List<String> LIST_ENDPOINTS = List.of("/v1/api-keys", "/v1/invoices", "/v1/networks",
            "/v1/webhook-endpoints", "/v1/analytics/timeseries?metric=payment_volume");

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    private final PublicApi admin;
    private final LocalState state;

    Bootstrap(String gatewayUrl, LocalState state) {
        this.admin = new PublicApi(gatewayUrl, state.get(LocalState.ADMIN_KEY));
        this.state = state;
    }

    LocalSystem.TestMerchant ensureTestMerchant() {
        String merchantId = state.get(LocalState.TEST_MERCHANT_ID);
        String key = state.get(LocalState.TEST_API_KEY);
        if (merchantId == null || key == null || admin.as(key).get("/v1/merchants/me").statusCode() != 200) {
            merchantId = createMerchant();
            key = createKey(merchantId);
            state.put(LocalState.TEST_MERCHANT_ID, merchantId);
            state.put(LocalState.TEST_API_KEY, key);
            LOG.infof("Created the test merchant %s and its test API key", merchantId);
        } else {
            LOG.infof("Reusing the test merchant %s", merchantId);
        }
        awaitKeyEverywhere(admin.as(key), Duration.ofSeconds(90));
        return new LocalSystem.TestMerchant(merchantId, key);
    }

    private String createMerchant() {
        JsonObject body = new JsonObject().put("name", "Test Merchant").put("email", "test-merchant@paygrid.local")
                .put("business_name", "PayGrid Test Shop");
        return admin.expect(201, admin.post("/v1/merchants", body)).getString("id");
    }

    private String createKey(String merchantId) {
        JsonObject body = new JsonObject().put("name", "Local test key").put("mode", "test").put("scopes", new JsonArray().add("*"));
        return admin.expect(201, admin.send("POST", "/v1/api-keys", body, Map.of("PayGrid-Merchant", merchantId))).getString("secret");
    }

    /** Until every service answers the key: each learns of it from merchant.events.v1, a moment apart. */
    static void awaitKeyEverywhere(PublicApi api, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (String path : LIST_ENDPOINTS) {
            int status;
            while ((status = api.get(path).statusCode()) != 200) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The API key is not accepted by " + path + " (HTTP " + status + ")");
                }
                ServiceProcess.sleep(Duration.ofMillis(250));
            }
        }
    }
}
