package io.paygrid.system;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A merchant's webhook receiver on loopback: keeps every request it answered 2xx (headers, body and when it came)
 * so a test can check signatures and count duplicates, and a benchmark can time arrivals. It answers 500 while
 * {@link #failing} is set.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One accepted request, as the merchant's server saw it. */
    public record Received(String webhookId, String timestamp, String signature, String body, long receivedNanos) {

        public String type() {
            return new JsonObject(body).getString("type");
        }

        public JsonObject object() {
            return new JsonObject(body).getJsonObject("data").getJsonObject("object");
        }
    }

    public volatile boolean failing;
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService pool;

    private WebhookReceiver(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static WebhookReceiver start(boolean failing) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            server.setExecutor(pool);
            WebhookReceiver receiver = new WebhookReceiver(server, pool);
            receiver.failing = failing;
            server.createContext("/hooks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                long now = System.nanoTime();
                receiver.attempts.incrementAndGet();
                int status = receiver.failing ? 500 : 200;
                if (status == 200) {
                    receiver.accepted.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                            exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                            exchange.getRequestHeaders().getFirst("webhook-signature"), body, now));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public int attempts() {
        return attempts.get();
    }

    public List<Received> accepted() {
        return List.copyOf(accepted);
    }

    /** The accepted requests about one object ({@code data.object.id}, or its {@code invoice_id}). */
    public List<Received> about(String objectId) {
        return accepted.stream().filter(r -> objectId.equals(r.object().getString("id"))
                || objectId.equals(r.object().getString("invoice_id"))).toList();
    }

    /** Waits until an accepted request matches, and returns it; fails after {@code timeout}. */
    public Received await(Predicate<Received> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received received : accepted) {
                if (wanted.test(received)) {
                    return received;
                }
            }
            ServiceProcess.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("No webhook matched within " + timeout.toSeconds() + " s; received "
                + accepted.stream().map(Received::type).toList());
    }

    /** Waits for this many requests, answered or refused; fails if they do not come within {@code timeout}. */
    public void awaitAttempts(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (attempts.get() < count) {
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(attempts.get() + " of " + count + " webhook attempts within " + timeout.toSeconds() + " s");
            }
            ServiceProcess.sleep(Duration.ofMillis(100));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
