package io.paygrid.system;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Makes (once) the local run's test merchant and its all-scopes test API key through the public API,
 * as an operator would, and waits until every service accepts the key.
 */
final class Bootstrap {

    /** One authenticated list endpoint of each service: the key works everywhere once all answer 200. */
    static final List<String> LIST_ENDPOINTS = List.of("/v1/api-keys", "/v1/invoices", "/v1/networks",
            "/v1/webhook-endpoints", "/v1/analytics/timeseries?metric=payment_volume");

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    private final String gatewayUrl;
    private final LocalState state;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Bootstrap(String gatewayUrl, LocalState state) {
        this.gatewayUrl = gatewayUrl;
        this.state = state;
    }

    LocalSystem.TestMerchant ensureTestMerchant() {
        String merchantId = state.get(LocalState.TEST_MERCHANT_ID);
        String key = state.get(LocalState.TEST_API_KEY);
        if (merchantId == null || key == null || send("GET", "/v1/merchants/me", key, null, null).statusCode() != 200) {
            merchantId = createMerchant();
            key = createKey(merchantId);
            state.put(LocalState.TEST_MERCHANT_ID, merchantId);
            state.put(LocalState.TEST_API_KEY, key);
            LOG.infof("Created the test merchant %s and its test API key", merchantId);
        } else {
            LOG.infof("Reusing the test merchant %s", merchantId);
        }
        awaitKeyEverywhere(key, Duration.ofSeconds(90));
        return new LocalSystem.TestMerchant(merchantId, key);
    }

    private String createMerchant() {
        JsonObject body = new JsonObject().put("name", "Test Merchant").put("email", "test-merchant@paygrid.local")
                .put("business_name", "PayGrid Test Shop");
        HttpResponse<String> response = send("POST", "/v1/merchants", state.get(LocalState.ADMIN_KEY), null, body);
        expect(response, 201, "create the test merchant");
        return new JsonObject(response.body()).getString("id");
    }

    private String createKey(String merchantId) {
        JsonObject body = new JsonObject().put("name", "Local test key").put("mode", "test").put("scopes", new JsonArray().add("*"));
        HttpResponse<String> response = send("POST", "/v1/api-keys", state.get(LocalState.ADMIN_KEY), merchantId, body);
        expect(response, 201, "create the test API key");
        return new JsonObject(response.body()).getString("secret");
    }

    private void awaitKeyEverywhere(String key, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (String path : LIST_ENDPOINTS) {
            int status;
            while ((status = send("GET", path, key, null, null).statusCode()) != 200) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The test API key is not accepted by " + path + " (HTTP " + status + ")");
                }
                ServiceProcess.sleep(Duration.ofMillis(250));
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String bearer, String merchantId, JsonObject body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (merchantId != null) {
            request.header("PayGrid-Merchant", merchantId);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("Could not " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
