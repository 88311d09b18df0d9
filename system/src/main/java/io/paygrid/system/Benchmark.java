package io.paygrid.system;

import io.paygrid.devchain.Anvil;
import io.paygrid.devchain.EvmRpc;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code ./paygrid bench}: starts the whole system in a throwaway state directory and prints what it does on this
 * machine: invoice creation throughput and latency at several concurrencies, with pgbench running the same SQL on
 * the same PostgreSQL for the PayGrid ÷ database ratio; invoice reads; payment seen on chain → webhook received;
 * webhook deliveries per second; analytics summary latency. It prints numbers and asserts nothing.
 */
public final class Benchmark {

    private static final Logger LOG = Logger.getLogger(Benchmark.class);
    private static final String RATE_LIMIT = "1000000";
    /** So the benchmark measures the system, not the per-key limiter (50/s, burst 100, by default). */
    private static final Map<String, String> ENVIRONMENT = Map.of("PAYGRID_RATE_LIMIT_PER_SECOND", RATE_LIMIT,
            "PAYGRID_RATE_LIMIT_BURST", RATE_LIMIT);
    /**
     * The account xpub (m/44'/60'/1') of the public "test test … junk" mnemonic, anvil's. Account 1 rather than 0:
     * account 0's addresses are anvil's funded accounts, one of which sends the payments.
     */
    private static final String DEVNET_XPUB = "xpub6Ce9NcJvTk372KjsGfWqbcex5DumjpNquQLApoeQUavSCjEc823BV1tb4rXUuPuht8h2hSxkg2EXUaKUJmniJvRZAELxypsCzBFdtosmV76";
    private static final int MAX_GAP_LIMIT = 1000;
    private static final int WARMUP_CLIENTS = 8;
    private static final Duration ANALYTICS_CATCH_UP = Duration.ofSeconds(120);

    private final LocalSystem system;
    private final BenchSettings settings;
    private final Path stateDir;
    private final PublicApi api;
    private final BenchTable table = new BenchTable();
    private final AtomicLong orders = new AtomicLong();
    private final AtomicLong invoicesCreated = new AtomicLong();
    private final List<String> cardInvoices = Collections.synchronizedList(new ArrayList<>());

    private Benchmark(LocalSystem system, BenchSettings settings, Path stateDir) {
        this.system = system;
        this.settings = settings;
        this.stateDir = stateDir;
        this.api = new PublicApi(system.gatewayUrl(), system.testMerchant().apiKey());
    }

    public static void main(String[] args) throws IOException {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Path project = Path.of(System.getProperty("paygrid.project", ".")).toAbsolutePath().normalize();
        Path stateDir = Files.createTempDirectory("paygrid-bench-");
        LocalSystem system = new LocalSystem(new LocalSystem.Options(project, stateDir, 0, 0, settings.shards(),
                Anvil.locate(), FreePorts.next(), ENVIRONMENT));
        // The same stop on the normal end as on Ctrl-C: services, Kafka, PostgreSQL and anvil, then the state directory.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(system, stateDir, settings.keepState()), "paygrid-bench-stop"));
        int status = 0;
        try {
            system.start();
            Console.print(new Benchmark(system, settings, stateDir).run());
        } catch (RuntimeException e) {
            LOG.error("The benchmark could not run", e);
            status = 1;
        }
        Console.print(BenchLogs.summary(stateDir.resolve("logs")));
        System.exit(status);
    }

    private String run() {
        boolean chain = system.chainRpcUrl() != null;
        if (chain) {
            phase("registering the devnet xpub", this::registerDevnetXpub);
        }
        table.note(String.format("Every kind of request is first sent for %d s at %d clients without being measured (warm-up).",
                settings.warmupSeconds(), WARMUP_CLIENTS));
        List<BenchResult> card = creation("card");
        if (chain && settings.crypto()) {
            creation("eth-devnet");
        }
        table.note("POST /v1/invoices rows: amount 12.50 USD, one payment method, a new Idempotency-Key each; card is"
                + " payment-service alone, eth-devnet also leases an address and a rate from wallet-service over REST.");
        phase("analytics catching up", () -> analyticsCatchUp("after the last invoice creation"));
        phase("invoice reads", this::reads);
        if (chain) {
            phase("payment seen → webhook", this::seenToWebhook);
        } else {
            table.note("No local EVM chain (anvil is not installed): the crypto invoice and payment-to-webhook rows are skipped.");
        }
        phase("webhook deliveries", this::webhookDeliveries);
        phase("analytics summary", this::analyticsSummary);
        phase("pgbench", () -> pgbench(card));
        return table.render(heading());
    }

    /** A phase that fails is reported in the notes; the ones after it still run. */
    private void phase(String name, Runnable phase) {
        try {
            phase.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Benchmark phase %s failed", name);
            table.note(name + " FAILED: " + e.getMessage());
        }
    }

    private String heading() {
        return String.format("PayGrid benchmark: %d cores, Java %s, PostgreSQL %s, %d merchant shards. The load generator,"
                        + " gateway, Kafka, PostgreSQL, anvil and the five services all run on this machine and share its cores.%n"
                        + "Per-key rate limit raised to %s/s (burst %s) for this run, so the limiter is not what is measured.%n%s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), BenchPgbench.serverVersion(system),
                settings.shards(), RATE_LIMIT, RATE_LIMIT, settings.describe());
    }

    private void registerDevnetXpub() {
        api.expect(201, api.post("/v1/derivation-schemes", new JsonObject().put("network", "devnet")
                .put("xpub", DEVNET_XPUB).put("gap_limit", MAX_GAP_LIMIT)));
    }

    private List<BenchResult> creation(String method) {
        List<BenchResult> results = new ArrayList<>();
        phase("POST /v1/invoices, " + method, () -> results.addAll(levels("POST /v1/invoices, " + method, 201,
                () -> createInvoice(method), body -> created(method, body))));
        return results;
    }

    /** Warms the call up, then measures it at each number of clients. */
    private List<BenchResult> levels(String what, int expectedStatus, BenchLoad.Call call, Consumer<String> onSuccess) {
        progress(what + ", warm-up, " + WARMUP_CLIENTS + " clients, " + settings.warmupSeconds() + " s");
        BenchLoad.forSeconds(WARMUP_CLIENTS, settings.warmupSeconds(), expectedStatus, call, onSuccess);
        List<BenchResult> results = new ArrayList<>();
        for (int clients : settings.clients()) {
            progress(what + ", " + clients + " clients, " + settings.seconds() + " s");
            BenchResult result = BenchLoad.forSeconds(clients, settings.seconds(), expectedStatus, call, onSuccess);
            table.row(what, result);
            failureNote(what + " at " + clients + " clients", result.firstFailure());
            results.add(result);
        }
        return results;
    }

    private HttpResponse<String> createInvoice(String method) {
        return createInvoice(method, "bench-" + UUID.randomUUID());
    }

    private HttpResponse<String> createInvoice(String method, String idempotencyKey) {
        JsonObject body = new JsonObject().put("amount", "12.50").put("currency", "USD")
                .put("payment_methods", new JsonArray().add(method)).put("order_id", "bench-" + orders.incrementAndGet());
        return api.send("POST", "/v1/invoices", body, Map.of("Idempotency-Key", idempotencyKey));
    }

    private void created(String method, String body) {
        invoicesCreated.incrementAndGet();
        if (method.equals("card")) {
            cardInvoices.add(new JsonObject(body).getString("id"));
        }
    }

    private void reads() {
        List<String> ids = List.copyOf(cardInvoices);
        levels("GET /v1/invoices/{id}", 200,
                () -> api.get("/v1/invoices/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))), body -> { });
        table.note("GET /v1/invoices/{id}: a random one of the " + ids.size() + " card invoices created above.");
    }

    private void seenToWebhook() {
        progress(settings.chainPayments() + " eth-devnet payments, one at a time, timed until their webhooks arrive");
        BenchChain.Timings timings = BenchChain.run(api, new EvmRpc(system.chainRpcUrl()), settings.chainPayments());
        invoicesCreated.addAndGet(timings.invoices());
        table.row("payment seen on chain → payment.created webhook", timings.paymentCreated(), timings.failed());
        table.row("  seen → detected by wallet-service's watcher", timings.seenToDetected(), timings.failed());
        table.row("  detected → payment recorded by payment-service", timings.detectedToRecorded(), timings.failed());
        table.row("  recorded → payment.created webhook received", timings.recordedToReceived(), timings.failed());
        table.row("payment seen on chain → invoice.processing webhook", timings.invoiceProcessing(), timings.failed());
        table.note(String.format("Payment seen → webhook: %d ETH payments on anvil, one at a time, each after a random pause under 1 s; \"seen\" is when the"
                        + " transaction's receipt is available (anvil mines each at once), \"received\" when the local receiver"
                        + " took the payment.created or invoice.processing webhook. wallet-service's watcher polls the chain"
                        + " every %s: a payment waits up to that long (half of it on average) before PayGrid sees it. The"
                        + " indented rows split the first at the payment's detected_at and created_at (this machine's clock):"
                        + " chain.events.v1 and payment.events.v1 are crossed in between, each behind an outbox relay.",
                settings.chainPayments(), setting("PAYGRID_WALLET_WATCHER_POLL_INTERVAL", "1s")));
        failureNote("payment seen → webhook", timings.firstFailure());
    }

    private void webhookDeliveries() {
        progress(settings.webhooks() + " card invoices with an endpoint subscribed to invoice.created");
        BenchWebhooks.Deliveries deliveries = BenchWebhooks.run(api, settings.webhooks(),
                Duration.ofSeconds(settings.webhookTimeoutSeconds()), () -> createInvoice("card"));
        invoicesCreated.addAndGet(deliveries.created());
        table.row("webhook deliveries (invoice.created) to a local receiver", deliveries.delivered(),
                deliveries.created() - deliveries.delivered(), deliveries.perSecond());
        table.note(String.format("Webhook deliveries: %d card invoices created at %d clients in %.1f s while the endpoint"
                        + " (subscribed to invoice.created) was disabled; once webhook-service had taken in every event, the"
                        + " endpoint was enabled with replay_missed: the first delivery came %.1f s later, and %d arrived over"
                        + " %.1f s. The rate is deliveries over that window, apart from how fast the events were made."
                        + " Dispatcher settings: poll every %s, %s in flight per endpoint.",
                deliveries.created(), BenchWebhooks.CREATING_CLIENTS, deliveries.creatingSeconds(),
                deliveries.firstAfterEnableSeconds(), deliveries.delivered(), deliveries.arrivingSeconds(),
                setting("PAYGRID_WEBHOOKS_POLL_INTERVAL", "1s"), setting("PAYGRID_WEBHOOKS_PER_ENDPOINT_CONCURRENCY", "4")));
        failureNote("webhook deliveries", deliveries.firstFailure());
    }

    private void analyticsSummary() {
        analyticsCatchUp("before the summary calls");
        progress("GET /v1/analytics/summary, " + settings.analyticsCalls() + " calls, 1 client");
        BenchResult result = BenchLoad.times(1, settings.analyticsCalls(), 200, () -> api.get("/v1/analytics/summary"), body -> { });
        table.row("GET /v1/analytics/summary (last 30 days)", result);
        failureNote("analytics summary", result.firstFailure());
    }

    /** Waits until analytics-service has counted every invoice made so far (it ingests from Kafka), and notes how long that took. */
    private void analyticsCatchUp(String when) {
        long started = System.nanoTime();
        long deadline = started + ANALYTICS_CATCH_UP.toNanos();
        long counted = invoicesCounted();
        while (counted < invoicesCreated.get() && System.nanoTime() < deadline) {
            ServiceProcess.sleep(Duration.ofMillis(250));
            counted = invoicesCounted();
        }
        table.note(String.format("Analytics %s: %d of %d invoices counted after waiting %.1f s.", when, counted,
                invoicesCreated.get(), (System.nanoTime() - started) / 1e9));
    }

    private long invoicesCounted() {
        return api.expect(200, api.get("/v1/analytics/summary")).getLong("invoices_created", 0L);
    }

    private void pgbench(List<BenchResult> card) {
        Optional<Path> pgbench = settings.pgbench();
        if (pgbench.isEmpty()) {
            table.note("pgbench was not found (PATH, /usr/bin, -Dpaygrid.bench.pgbench): the raw database comparison is skipped.");
            return;
        }
        String key = "bench-sample-" + UUID.randomUUID();
        String invoiceId = api.expect(201, createInvoice("card", key)).getString("id");
        BenchPgbench bench = BenchPgbench.prepare(pgbench.get(), system, settings.shards(), stateDir.resolve("pgbench"),
                new BenchPgbench.Sample(system.testMerchant().merchantId(), invoiceId, key));
        for (int i = 0; i < settings.clients().size(); i++) {
            int clients = settings.clients().get(i);
            progress("pgbench, invoice creation's SQL, " + clients + " clients, " + settings.seconds() + " s");
            BenchResult result = bench.run(clients, settings.seconds());
            table.row("pgbench: the SQL of one card invoice creation", result);
            failureNote("pgbench at " + clients + " clients", result.firstFailure());
            if (i < card.size() && result.succeeded() > 0) {
                table.ratio(card.get(i), result);
            }
        }
        table.note(bench.describe() + ". payment-service's pool: " + setting("PAYGRID_SHARDS_0__MAX_POOL_SIZE", "10")
                + " connections per shard.");
    }

    private void failureNote(String what, String firstFailure) {
        if (firstFailure != null) {
            table.note(what + ", first failure: " + firstFailure);
        }
    }

    /** A service setting as the services see it: this process's environment (they inherit it), else the default. */
    private static String setting(String variable, String defaultValue) {
        return Optional.ofNullable(System.getenv(variable)).orElse(defaultValue + " (default)");
    }

    private static void progress(String text) {
        Console.print("· " + text + "\n");
    }

    private static void stop(LocalSystem system, Path stateDir, boolean keep) {
        system.close();
        if (keep) {
            Console.print("State, logs and the pgbench script kept in " + stateDir + "\n");
            return;
        }
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
