package io.paygrid.system;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A merchant's webhook receiver on loopback that fails on purpose while {@link #failing} is set. */
final class FlakyReceiver {

    volatile boolean failing = true;
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final AtomicInteger attempts = new AtomicInteger();
    private final HttpServer server;

    private FlakyReceiver(HttpServer server) {
        this.server = server;
    }

    static FlakyReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FlakyReceiver receiver = new FlakyReceiver(server);
            server.createContext("/hooks", exchange -> {
                exchange.getRequestBody().readAllBytes();
                receiver.attempts.incrementAndGet();
                int status = receiver.failing ? 500 : 200;
                if (status == 200) {
                    receiver.accepted.add(exchange.getRequestHeaders().getFirst("webhook-id"));
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

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void awaitAttempts(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (attempts.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
