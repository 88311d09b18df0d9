package io.paygrid.system;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * PayGrid's public API as a merchant's server calls it: through the gateway, with a bearer key, JSON bodies and
 * optional headers ({@code Idempotency-Key}, {@code PayGrid-Merchant}). Used by the whole-system tests and the
 * benchmark, so both drive exactly what a merchant drives.
 */
public final class PublicApi {

    private final String gatewayUrl;
    private final String key;
    private final HttpClient http;

    public PublicApi(String gatewayUrl, String key) {
        this(gatewayUrl, key, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private PublicApi(String gatewayUrl, String key, HttpClient http) {
        this.gatewayUrl = gatewayUrl;
        this.key = key;
        this.http = http;
    }

    /** The same gateway and connection pool with another key (or none, for public pages). */
    public PublicApi as(String otherKey) {
        return new PublicApi(gatewayUrl, otherKey, http);
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, Map.of());
    }

    public HttpResponse<String> post(String path, JsonObject body) {
        return send("POST", path, body, Map.of());
    }

    public HttpResponse<String> send(String method, String path, JsonObject body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** The JSON body of a call that must answer {@code status}; anything else fails with the answer in the message. */
    public JsonObject expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + " instead of " + status + ": " + response.body());
        }
        return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
    }
}
