package io.paygrid.webhook;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A merchant's webhook receiver on a loopback address of the test's choosing: records every request as it came
 * (headers and raw body) and answers as told: fail the first N requests, sleep, or answer a fixed status.
 */
final class Receiver implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    final List<Received> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final HttpServer server;
    private volatile int failFirst;
    private volatile int status = 200;
    private volatile long sleepMillis;

    private Receiver(String host) throws Exception {
        server = VERTX.createHttpServer()
                .connectionHandler(connection -> connections.incrementAndGet())
                .requestHandler(request -> request.body().onSuccess(body -> {
                    Map<String, List<String>> headers = new java.util.HashMap<>();
                    request.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(), k -> new java.util.ArrayList<>())
                            .add(h.getValue()));
                    int number = requests.size() + 1;
                    requests.add(new Received(HttpHeaders.of(headers, (a, b) -> true), body.toString(), Instant.now()));
                    int answer = number <= failFirst ? 500 : status;
                    if (sleepMillis > 0) {
                        VERTX.setTimer(sleepMillis, t -> request.response().setStatusCode(answer).end("slow"));
                    } else {
                        request.response().setStatusCode(answer).end(answer >= 300 ? "nope" : "ok");
                    }
                }))
                .listen(0, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Receiver on(String host) throws Exception {
        return new Receiver(host);
    }

    Receiver failingFirst(int count) {
        this.failFirst = count;
        return this;
    }

    Receiver answering(int statusCode) {
        this.status = statusCode;
        return this;
    }

    Receiver sleeping(long millis) {
        this.sleepMillis = millis;
        return this;
    }

    String url(String host) {
        return "http://" + host + ":" + server.actualPort() + "/hooks/paygrid";
    }

    @Override
    public void close() {
        server.close();
    }

    record Received(HttpHeaders headers, String body, Instant at) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }
}
