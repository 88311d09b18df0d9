package io.paygrid.system;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Webhook deliveries per second: an endpoint on a loopback receiver subscribes to {@code invoice.created}, a burst of
 * card invoices is created, and the receiver's arrivals are timed from the first to the last.
 */
final class BenchWebhooks {

    static final int CREATING_CLIENTS = 8;

    /**
     * What the burst showed: deliveries over the window in which they arrived, how long creating the invoices took,
     * and how long the last delivery came after the last invoice was created.
     */
    record Deliveries(int created, int delivered, double perSecond, double creatingSeconds, double arrivingSeconds,
                      double drainSeconds, String firstFailure) {
    }

    private BenchWebhooks() {
    }

    static void subscribe(PublicApi api, WebhookReceiver receiver, String... events) {
        api.expect(201, api.post("/v1/webhook-endpoints", new JsonObject().put("url", receiver.url())
                .put("events", new JsonArray(List.of((Object[]) events))).put("description", "benchmark")));
    }

    static Deliveries run(PublicApi api, int invoices, Duration timeout, BenchLoad.Call createCardInvoice) {
        try (WebhookReceiver receiver = WebhookReceiver.start(false)) {
            subscribe(api, receiver, "invoice.created");
            Set<String> ids = ConcurrentHashMap.newKeySet();
            long started = System.nanoTime();
            BenchResult creation = BenchLoad.times(CREATING_CLIENTS, invoices, 201, createCardInvoice,
                    body -> ids.add(new JsonObject(body).getString("id")));
            long createdAll = System.nanoTime();
            long[] arrivals = awaitArrivals(receiver, ids, timeout);
            if (arrivals.length == 0) {
                return new Deliveries(ids.size(), 0, 0, seconds(createdAll - started), 0, 0, creation.firstFailure());
            }
            long first = arrivals[0];
            long last = arrivals[arrivals.length - 1];
            double window = seconds(last - first);
            return new Deliveries(ids.size(), arrivals.length, window == 0 ? 0 : (arrivals.length - 1) / window,
                    seconds(createdAll - started), window, seconds(last - createdAll), creation.firstFailure());
        }
    }

    /** The arrival times of the burst's deliveries, sorted, once all came or the time is up. */
    private static long[] awaitArrivals(WebhookReceiver receiver, Set<String> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long[] arrivals = arrivals(receiver, ids);
        while (arrivals.length < ids.size() && System.nanoTime() < deadline) {
            ServiceProcess.sleep(Duration.ofMillis(200));
            arrivals = arrivals(receiver, ids);
        }
        return arrivals;
    }

    /** A delivery sent again (at-least-once) counts once, when it first arrived. */
    private static long[] arrivals(WebhookReceiver receiver, Set<String> ids) {
        return receiver.accepted().stream().filter(r -> ids.contains(r.object().getString("id")))
                .collect(Collectors.toMap(WebhookReceiver.Received::webhookId, WebhookReceiver.Received::receivedNanos, Math::min))
                .values().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
