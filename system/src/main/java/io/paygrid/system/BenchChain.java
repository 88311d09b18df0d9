package io.paygrid.system;

import io.paygrid.devchain.Anvil;
import io.paygrid.devchain.EvmRpc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Payment seen on chain → webhook received. ETH is sent on anvil to a new eth-devnet invoice's address; anvil mines
 * it at once, so "seen on chain" is when its receipt is available, and "received" is when the merchant's receiver
 * took the webhook. One payment at a time, so each one times the path alone.
 */
final class BenchChain {

    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Seen → {@code payment.created} received, split at the payment's {@code detected_at} (wallet-service's watcher
     * found it) and {@code created_at} (payment-service recorded it), all on this machine's clock; seen →
     * {@code invoice.processing} received; the invoices made and the payments that failed.
     */
    record Timings(BenchLatencies paymentCreated, BenchLatencies seenToDetected, BenchLatencies detectedToRecorded,
                   BenchLatencies recordedToReceived, BenchLatencies invoiceProcessing, int invoices, int failed,
                   String firstFailure) {
    }

    private BenchChain() {
    }

    static Timings run(PublicApi api, EvmRpc rpc, int payments) {
        Spans spans = new Spans();
        int invoices = 0;
        int failed = 0;
        String firstFailure = null;
        try (WebhookReceiver receiver = WebhookReceiver.start(false)) {
            BenchWebhooks.subscribe(api, receiver, "payment.created", "invoice.processing");
            for (int i = 0; i < payments; i++) {
                try {
                    JsonObject invoice = invoice(api);
                    invoices++;
                    pay(rpc, receiver, invoice, spans);
                } catch (RuntimeException e) {
                    failed++;
                    firstFailure = firstFailure == null ? e.getMessage() : firstFailure;
                }
            }
        }
        return new Timings(latencies(spans.paymentCreated), latencies(spans.seenToDetected), latencies(spans.detectedToRecorded),
                latencies(spans.recordedToReceived), latencies(spans.invoiceProcessing), invoices, failed, firstFailure);
    }

    private static JsonObject invoice(PublicApi api) {
        return api.expect(201, api.post("/v1/invoices", new JsonObject().put("amount", "20.00")
                .put("currency", "USD").put("payment_methods", new JsonArray().add("eth-devnet"))
                .put("order_id", "bench-chain-" + UUID.randomUUID())));
    }

    private static void pay(EvmRpc rpc, WebhookReceiver receiver, JsonObject invoice, Spans spans) {
        String invoiceId = invoice.getString("id");
        JsonObject option = invoice.getJsonArray("payment_options").getJsonObject(0);
        BigInteger wei = new BigDecimal(option.getString("amount")).movePointRight(18).toBigIntegerExact();
        // The services' jobs tick on whole seconds; sent right after the last webhook, every payment would land at the
        // same point of their schedules and time one case only, where real payments land anywhere.
        ServiceProcess.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(1000)));
        rpc.awaitReceipt(rpc.sendEther(Anvil.ACCOUNT_1, option.getString("address"), wei));
        long seen = System.nanoTime();
        Instant seenAt = Instant.now();
        WebhookReceiver.Received created = receiver.await(r -> "payment.created".equals(r.type())
                && invoiceId.equals(r.object().getString("invoice_id")), WEBHOOK_TIMEOUT);
        spans.paymentCreated.add(created.receivedNanos() - seen);
        Instant detected = Instant.parse(created.object().getString("detected_at"));
        Instant recorded = Instant.parse(created.object().getString("created_at"));
        spans.seenToDetected.add(Duration.between(seenAt, detected).toNanos());
        spans.detectedToRecorded.add(Duration.between(detected, recorded).toNanos());
        spans.recordedToReceived.add(Duration.between(recorded, seenAt.plusNanos(created.receivedNanos() - seen)).toNanos());
        spans.invoiceProcessing.add(receiver.await(r -> "invoice.processing".equals(r.type())
                && invoiceId.equals(r.object().getString("id")), WEBHOOK_TIMEOUT).receivedNanos() - seen);
    }

    private static BenchLatencies latencies(BenchLatencies.Recorder recorder) {
        return BenchLatencies.of(recorder.values());
    }

    /** One recorder per span timed. */
    private static final class Spans {
        private final BenchLatencies.Recorder paymentCreated = new BenchLatencies.Recorder();
        private final BenchLatencies.Recorder seenToDetected = new BenchLatencies.Recorder();
        private final BenchLatencies.Recorder detectedToRecorded = new BenchLatencies.Recorder();
        private final BenchLatencies.Recorder recordedToReceived = new BenchLatencies.Recorder();
        private final BenchLatencies.Recorder invoiceProcessing = new BenchLatencies.Recorder();
    }
}
