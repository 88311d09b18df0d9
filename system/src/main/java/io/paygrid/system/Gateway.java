package io.paygrid.system;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The local API gateway: one loopback port in front of the five services, routing by path prefix
 * ({@link GatewayRoutes}) and streaming bodies both ways. In Kubernetes the Ingress does this job.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    private static final long UPSTREAM_TIMEOUT_MS = 60_000;

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClient client;
    private final GatewayRoutes routes;
    private final Map<String, Integer> portByService;

    private Gateway(Vertx vertx, GatewayRoutes routes, Map<String, Integer> portByService) {
        this.vertx = vertx;
        this.routes = routes;
        this.portByService = Map.copyOf(portByService);
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setConnectTimeout(5_000));
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"));
    }

    /** Starts on 127.0.0.1:{@code port} ({@code 0} for any free port). */
    public static Gateway start(int port, GatewayRoutes routes, Map<String, Integer> portByService) {
        Vertx vertx = Vertx.vertx();
        Gateway gateway = new Gateway(vertx, routes, portByService);
        gateway.server.requestHandler(gateway::handle);
        try {
            gateway.server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("The gateway could not listen on 127.0.0.1:" + port, e);
        }
        return gateway;
    }

    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        String service = routes.serviceFor(request.path()).orElse(null);
        if (service == null) {
            problem(request.response(), 404, "resource_not_found", "No such resource.");
            return;
        }
        Integer upstreamPort = portByService.get(service);
        if (upstreamPort == null) {
            problem(request.response(), 503, "service_unavailable", service + " is not running.");
            return;
        }
        request.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost("127.0.0.1")
                .setPort(upstreamPort)
                .setURI(request.uri())
                .setIdleTimeout(UPSTREAM_TIMEOUT_MS);
        client.request(options).onSuccess(upstream -> {
            copyHeaders(request.headers(), upstream.headers());
            upstream.headers().set("X-Forwarded-For", request.remoteAddress() == null ? "127.0.0.1" : request.remoteAddress().host());
            upstream.headers().set("X-Forwarded-Proto", "http");
            String host = request.headers().get("Host");
            if (host != null) {
                upstream.headers().set("X-Forwarded-Host", host);
            }
            Future<io.vertx.core.http.HttpClientResponse> sent = request.headers().contains("Content-Length")
                    || request.headers().contains("Transfer-Encoding")
                    ? upstream.send(request)
                    : upstream.send();
            if (!request.headers().contains("Content-Length") && !request.headers().contains("Transfer-Encoding")) {
                request.resume();
            }
            sent.onSuccess(response -> {
                HttpServerResponse out = request.response().setStatusCode(response.statusCode());
                copyHeaders(response.headers(), out.headers());
                out.send(response);
            }).onFailure(failure -> {
                LOG.warnf("Upstream %s failed for %s %s: %s", service, request.method(), request.path(), failure.getMessage());
                problem(request.response(), 502, "bad_gateway", service + " did not answer.");
            });
        }).onFailure(failure -> {
            request.resume();
            problem(request.response(), 503, "service_unavailable", service + " is not reachable.");
        });
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static void problem(HttpServerResponse response, int status, String code, String detail) {
        if (response.ended() || response.headWritten()) {
            response.reset();
            return;
        }
        String body = "{\"type\":\"https://docs.paygrid.dev/errors/" + code + "\",\"title\":\"" + detail.replace("\"", "'")
                + "\",\"status\":" + status + ",\"code\":\"" + code + "\",\"detail\":\"" + detail.replace("\"", "'") + "\"}";
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(body);
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            client.close();
        } catch (Exception e) {
            LOG.debug("Gateway did not close cleanly", e);
        } finally {
            vertx.close();
        }
    }
}
