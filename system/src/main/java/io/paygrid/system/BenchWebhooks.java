package io.paygrid.system;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Webhook deliveries per second to one endpoint, apart from how fast events are made: the endpoint (a loopback
 * receiver, subscribed to {@code invoice.created}) is disabled while a burst of card invoices is created; once
 * webhook-service has taken in every event, it is enabled again with {@code replay_missed}, and the receiver's arrivals
 * are timed from the first to the last.
 */
final class BenchWebhooks {

    static final int CREATING_CLIENTS = 8;

    /**
     * What the burst showed: deliveries over the window in which they arrived, how long the first took after the
     * endpoint was enabled, and how long creating the invoices took.
     */
    record Deliveries(int created, int delivered, double perSecond, double creatingSeconds, double arrivingSeconds,
                      double firstAfterEnableSeconds, String firstFailure) {
    }

    private BenchWebhooks() {
    }

    static void subscribe(PublicApi api, WebhookReceiver receiver, String... events) {
        api.expect(201, api.post("/v1/webhook-endpoints", new JsonObject().put("url", receiver.url())
                .put("events", new JsonArray(List.of((Object[]) events))).put("description", "benchmark")));
    }

    static Deliveries run(PublicApi api, int invoices, Duration timeout, BenchLoad.Call createCardInvoice) {
        try (WebhookReceiver receiver = WebhookReceiver.start(false)) {
            String endpoint = api.expect(201, api.post("/v1/webhook-endpoints", new JsonObject().put("url", receiver.url())
                    .put("events", new JsonArray().add("invoice.created")).put("description", "benchmark"))).getString("id");
            patch(api, endpoint, new JsonObject().put("status", "disabled"));
            Set<String> ids = ConcurrentHashMap.newKeySet();
            long started = System.nanoTime();
            BenchResult creation = BenchLoad.times(CREATING_CLIENTS, invoices, 201, createCardInvoice,
                    body -> ids.add(new JsonObject(body).getString("id")));
            double creatingSeconds = seconds(System.nanoTime() - started);
            awaitEvents(api, ids, timeout);
            long enabled = System.nanoTime();
            patch(api, endpoint, new JsonObject().put("status", "enabled").put("replay_missed", true));
            long[] arrivals = awaitArrivals(receiver, ids, timeout);
            if (arrivals.length == 0) {
                return new Deliveries(ids.size(), 0, 0, creatingSeconds, 0, 0, creation.firstFailure());
            }
            long first = arrivals[0];
            long last = arrivals[arrivals.length - 1];
            double window = seconds(last - first);
            return new Deliveries(ids.size(), arrivals.length, window == 0 ? 0 : (arrivals.length - 1) / window,
                    creatingSeconds, window, seconds(first - enabled), creation.firstFailure());
        }
    }

    private static void patch(PublicApi api, String endpoint, JsonObject change) {
        api.expect(200, api.send("PATCH", "/v1/webhook-endpoints/" + endpoint, change, Map.of()));
    }

    /** Until webhook-service has made an event of every invoice of the burst (it takes them in from Kafka). */
    private static void awaitEvents(PublicApi api, Set<String> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (eventsOf(api, ids) < ids.size() && System.nanoTime() < deadline) {
            ServiceProcess.sleep(Duration.ofMillis(500));
        }
    }

    private static int eventsOf(PublicApi api, Set<String> ids) {
        int found = 0;
        String after = null;
        boolean more = true;
        while (more) {
            JsonObject page = api.expect(200, api.get("/v1/events?type=invoice.created&limit=100"
                    + (after == null ? "" : "&starting_after=" + after)));
            JsonArray data = page.getJsonArray("data");
            for (int i = 0; i < data.size(); i++) {
                if (ids.contains(data.getJsonObject(i).getJsonObject("data").getJsonObject("object").getString("id"))) {
                    found++;
                }
                after = data.getJsonObject(i).getString("id");
            }
            more = page.getBoolean("has_more", false) && found < ids.size();
        }
        return found;
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
