package io.paygrid.system;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private HttpServer upstream;
    private Gateway gateway;

    @BeforeEach
    void startUpstreamAndGateway() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
                        request.response()
                                .putHeader("Content-Type", "application/json")
                                .putHeader("X-Upstream", "payment")
                                .setStatusCode(request.method().name().equals("POST") ? 201 : 200)
                                .end("{\"method\":\"" + request.method() + "\",\"uri\":\"" + request.uri()
                                        + "\",\"auth\":\"" + request.getHeader("Authorization")
                                        + "\",\"forwarded_for\":\"" + request.getHeader("X-Forwarded-For")
                                        + "\",\"body\":" + (body.length() == 0 ? "null" : body.toString()) + "}")))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        int closedPort = FreePorts.next();
        gateway = Gateway.start(0, GatewayRoutes.standard(),
                Map.of("payment-service", upstream.actualPort(), "wallet-service", closedPort));
    }

    @AfterEach
    void stop() {
        gateway.close();
        vertx.close();
    }

    @Test
    void shouldForwardMethodPathQueryHeadersAndBody() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/invoices?status=open&limit=2"))
                .header("Authorization", "Bearer sk_test_x")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"25.00\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Upstream")).contains("payment");
        assertThat(response.body())
                .contains("\"method\":\"POST\"")
                .contains("\"uri\":\"/v1/invoices?status=open&limit=2\"")
                .contains("\"auth\":\"Bearer sk_test_x\"")
                .contains("\"forwarded_for\":\"127.0.0.1\"")
                .contains("\"body\":{\"amount\":\"25.00\"}");

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("/checkout/inv_1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"body\":null");
    }

    @Test
    void shouldAnswerUnknownPathsWith404ProblemJson() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/admin/secret")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"resource_not_found\"");
    }

    @Test
    void shouldAnswer503WhenTheServiceIsDownOrNotRunning() throws Exception {
        HttpResponse<String> down = http.send(HttpRequest.newBuilder(uri("/v1/networks")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"code\":\"service_unavailable\"");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(uri("/v1/analytics/summary")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(503);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
