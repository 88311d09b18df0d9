package io.paygrid.system;

import com.standardwebhooks.Webhook;
import io.paygrid.devchain.Anvil;
import io.paygrid.devchain.EvmRpc;
import io.paygrid.devchain.TestToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The money path across the five services, driven only through the public API as a merchant would (a new merchant
 * and key, an xpub, a webhook endpoint, invoices paid on the local chain), and then the failure drills: a reorg after
 * paid, {@code kill -9} of each service mid-flow, a Kafka outage, a PostgreSQL outage, and refund and
 * idempotency races through the gateway. Each checks that nothing was lost or doubled: invoice and payment states,
 * the merchant's webhooks (signed, one event id per fact), the wallet ledger (one deposit per payment) and analytics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MoneyPathTest {

    private static final BigInteger WEI_PER_ETH = BigInteger.TEN.pow(18);
    private static final Duration FLOW = Duration.ofSeconds(120);

    private LocalSystem system;
    private Path stateDir;
    private PublicApi api;
    private WebhookReceiver receiver;
    private String webhookSecret;
    private EvmRpc chain;
    private TestToken usdc;
    /** ETH that this merchant's invoices were paid and that stayed paid: what the ledger and analytics must show. */
    private BigDecimal ethKept = BigDecimal.ZERO;

    @BeforeAll
    void startTheSystemAndOnboardAMerchant() throws Exception {
        Optional<Path> anvil = Anvil.locate();
        assumeTrue(anvil.isPresent(), "anvil is not installed (npm): the on-chain money path needs the local chain");
        stateDir = Files.createTempDirectory("paygrid-money-path");
        receiver = WebhookReceiver.start(false);
        system = new LocalSystem(new LocalSystem.Options(Path.of("..").toAbsolutePath().normalize(), stateDir, 0, 0, 2,
                anvil, FreePorts.next(),
                // Retries every 2 s and a 5 s attempt timeout: what an outage held back goes out within the test's patience.
                Map.of("PAYGRID_WEBHOOKS_RETRY_SCHEDULE", "0s" + ",2s".repeat(150),
                        "PAYGRID_WEBHOOKS_TIMEOUT", "5s")));
        system.start();
        Map<String, String> env = readEnv(system.envFile());
        chain = new EvmRpc(env.get("PAYGRID_CHAIN_RPC"));
        usdc = TestToken.at(chain, env.get("PAYGRID_DEVNET_USDC"));

        PublicApi admin = new PublicApi(system.gatewayUrl(), env.get("PAYGRID_ADMIN_KEY"));
        String merchantId = admin.expect(201, admin.post("/v1/merchants", new JsonObject().put("name", "Money Path")
                .put("email", "money-path@example.com").put("business_name", "Money Path Shop"))).getString("id");
        JsonObject key = admin.expect(201, admin.send("POST", "/v1/api-keys", new JsonObject().put("name", "server")
                .put("mode", "test").put("scopes", new JsonArray().add("*")), Map.of("PayGrid-Merchant", merchantId)));
        api = admin.as(key.getString("secret"));
        Bootstrap.awaitKeyEverywhere(api, Duration.ofSeconds(60));
        api.expect(201, api.post("/v1/derivation-schemes", new JsonObject().put("network", "devnet")
                .put("xpub", randomEvmAccountXpub()).put("gap_limit", 100)));
        JsonObject endpoint = api.expect(201, api.post("/v1/webhook-endpoints", new JsonObject().put("url", receiver.url())
                .put("events", new JsonArray().add("*"))));
        webhookSecret = endpoint.getString("secret");
    }

    @AfterAll
    void stop() throws Exception {
        if (system != null) {
            system.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (stateDir != null) {
            // The services' logs stay in target/ for whoever reads a failed run (CI keeps nothing else).
            Path logs = Path.of("target", "money-path-logs");
            Files.createDirectories(logs);
            if (Files.isDirectory(stateDir.resolve("logs"))) {
                try (var files = Files.list(stateDir.resolve("logs"))) {
                    for (Path log : files.toList()) {
                        Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (var files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void shouldPayAnEthAndATokenInvoiceOnChainAndTellTheMerchantOnce() throws Exception {
        JsonObject ethInvoice = createInvoice("20.00", "eth-devnet", "eth-1");
        JsonObject tokenInvoice = createInvoice("30.00", "usdc-devnet", "usdc-1");
        JsonObject ethOption = option(ethInvoice, "eth-devnet");
        JsonObject tokenOption = option(tokenInvoice, "usdc-devnet");
        assertThat(ethOption.getString("amount")).isEqualTo("0.01");
        assertThat(tokenOption.getString("amount")).isEqualTo("30");

        chain.awaitReceipt(chain.sendEther(Anvil.ACCOUNT_1, ethOption.getString("address"), wei("0.01")));
        chain.awaitReceipt(usdc.transfer(Anvil.ACCOUNT_1, tokenOption.getString("address"), BigInteger.valueOf(30_000_000L)));
        mineUntilStatus(ethInvoice.getString("id"), "paid");
        mineUntilStatus(tokenInvoice.getString("id"), "paid");
        ethKept = ethKept.add(new BigDecimal("0.01"));

        for (JsonObject invoice : List.of(ethInvoice, tokenInvoice)) {
            String id = invoice.getString("id");
            JsonObject paid = api.expect(200, api.get("/v1/invoices/" + id));
            assertThat(paid.getString("amount_paid")).isEqualTo(invoice.getString("amount"));
            assertThat(payments(id)).extracting(p -> p.getString("status")).containsExactly("confirmed");
            receiver.await(webhook("invoice.paid", id), FLOW);
            assertThat(typesOfWebhooksAbout(id)).contains("invoice.created", "invoice.processing", "payment.created",
                    "payment.confirmed", "invoice.paid");
            assertEveryWebhookSignedAndEachFactSentOnce(id);
            assertDepositedOnce(payments(id).get(0));
        }
        assertThat(confirmedBalance("USDC")).isEqualByComparingTo("30");
        assertAnalyticsVolume("USDC", "30");
        assertAnalyticsVolume("ETH", ethKept.toPlainString());
        assertApiRequestsCounted();
    }

    /**
     * The services report the merchant's API requests in batches and analytics counts them: the requests so far, then
     * ten more that ask for an invoice that does not exist (404s: the 4xx share goes above zero).
     */
    private void assertApiRequestsCounted() {
        String range = "from=" + Instant.now().minus(Duration.ofDays(1)) + "&to=" + Instant.now().plus(Duration.ofDays(1));
        long before = awaitValue(FLOW, () -> api.expect(200, api.get("/v1/analytics/summary?" + range)),
                s -> s.getLong("api_requests") > 0).getLong("api_requests");
        for (int i = 0; i < 10; i++) {
            api.expect(404, api.get("/v1/invoices/inv_" + "0".repeat(26)));
        }
        JsonObject summary = awaitValue(FLOW, () -> api.expect(200, api.get("/v1/analytics/summary?" + range)),
                s -> s.getLong("api_requests") >= before + 10 && new BigDecimal(s.getString("api_client_error_rate")).signum() > 0);
        assertThat(new BigDecimal(summary.getString("api_average_response_ms"))).as(summary.encode()).isPositive();
        assertThat(summary.getString("api_server_error_rate")).as(summary.encode()).isEqualTo("0");
    }

    @Test
    @Order(2)
    void shouldRevertAPaymentRemovedByATwoBlockReorgAndPayAgainOnceReMined() throws Exception {
        JsonObject invoice = createInvoice("10.00", "eth-devnet", "reorg-1");
        String id = invoice.getString("id");
        String beforePayment = chain.snapshot();
        String tx = chain.sendEther(Anvil.ACCOUNT_1, option(invoice, "eth-devnet").getString("address"), wei("0.005"));
        chain.awaitReceipt(tx);
        String raw = chain.call("eth_getRawTransactionByHash", tx).asText();
        // The transfer's block and one more: exactly the two confirmations devnet requires, and the two blocks the reorg takes.
        assertThat(option(invoice, "eth-devnet").getInteger("required_confirmations")).isEqualTo(2);
        chain.mine(1);
        awaitStatus(id, "paid");
        JsonObject first = payments(id).get(0);
        assertDepositedOnce(first);

        chain.revert(beforePayment);
        chain.mine(3);
        JsonObject reverted = awaitValue(FLOW, () -> api.expect(200, api.get("/v1/payments/" + first.getString("id"))),
                payment -> "reverted".equals(payment.getString("status")));
        assertThat(reverted.getString("status")).isEqualTo("reverted");
        receiver.await(webhook("payment.reverted", id), FLOW);
        assertThat(api.expect(200, api.get("/v1/invoices/" + id)).getString("status")).isEqualTo("invalid");
        assertThat(awaitValue(FLOW, () -> ledger("ETH").stream().filter(e -> "reversal".equals(e.getString("type"))
                && first.getString("id").equals(e.getString("reference"))).count(), count -> count == 1)).as("reversals").isEqualTo(1);

        assertThat(chain.call("eth_sendRawTransaction", raw).asText()).isEqualTo(tx);
        chain.awaitReceipt(tx);
        chain.mine(1);
        awaitStatus(id, "paid");
        ethKept = ethKept.add(new BigDecimal("0.005"));
        List<JsonObject> payments = payments(id);
        assertThat(payments).extracting(p -> p.getString("status")).containsExactlyInAnyOrder("reverted", "confirmed");
        JsonObject again = payments.stream().filter(p -> "confirmed".equals(p.getString("status"))).findFirst().orElseThrow();
        assertDepositedOnce(again);
        assertThat(api.expect(200, api.get("/v1/invoices/" + id)).getString("amount_paid")).isEqualTo("10.00");
        receiver.await(webhook("payment.confirmed", again.getString("id")), FLOW);
        assertEveryWebhookSigned(id);
        assertThat(confirmedBalance("ETH")).isEqualByComparingTo(ethKept);
        assertAnalyticsVolume("ETH", ethKept.toPlainString());
    }

    @Test
    @Order(3)
    void shouldFinishTheFlowAfterPaymentServiceIsKilledMidWay() throws Exception {
        payWhileServiceIsKilled("payment-service");
    }

    @Test
    @Order(4)
    void shouldFinishTheFlowAfterWalletServiceIsKilledMidWay() throws Exception {
        payWhileServiceIsKilled("wallet-service");
    }

    @Test
    @Order(5)
    void shouldFinishTheFlowAfterWebhookServiceIsKilledMidWay() throws Exception {
        payWhileServiceIsKilled("webhook-service");
    }

    @Test
    @Order(5)
    void shouldCountThePaymentOnceAfterAnalyticsServiceIsKilledMidWay() throws Exception {
        payWhileServiceIsKilled("analytics-service");
    }

    @Test
    @Order(5)
    void shouldFinishTheFlowWhileMerchantServiceIsDown() throws Exception {
        payWhileServiceIsKilled("merchant-service");
    }

    @Test
    @Order(6)
    void shouldDrainEveryOutboxOnceKafkaIsBack() throws Exception {
        JsonObject ethInvoice = createAnnouncedInvoice("8.00", "eth-devnet", "kafka-eth");
        String ethId = ethInvoice.getString("id");
        String cardId = createAnnouncedInvoice("15.00", "card", "kafka-card").getString("id");

        system.stopKafka();
        try {
            chain.awaitReceipt(chain.sendEther(Anvil.ACCOUNT_1, option(ethInvoice, "eth-devnet").getString("address"), wei("0.004")));
            chain.mine(3);
            assertThat(awaitValue(FLOW, this::unpublishedOutboxRows, rows -> rows > 0))
                    .as("wallet-service saw the transfer and its events wait in the outbox").isPositive();
            JsonObject payment = api.expect(201, api.post("/v1/invoices/" + cardId + "/payments", testCard()));
            awaitValue(FLOW, () -> api.expect(200, api.get("/v1/payments/" + payment.getString("id"))).getString("status"),
                    "confirmed"::equals);
            assertThat(api.expect(200, api.get("/v1/invoices/" + cardId)).getString("status")).isEqualTo("paid");
            Thread.sleep(3000);
            assertThat(api.expect(200, api.get("/v1/invoices/" + ethId)).getString("status"))
                    .as("the chain's events wait in wallet-service's outbox").isEqualTo("open");
            assertThat(receiver.about(cardId)).extracting(WebhookReceiver.Received::type).doesNotContain("invoice.paid");
        } finally {
            system.startKafka();
        }
        mineUntilStatus(ethId, "paid");
        assertThat(awaitValue(FLOW, this::unpublishedOutboxRows, rows -> rows == 0)).as("rows left in the outboxes").isZero();
        assertPaidOnceAfterTheOutage(ethId, "0.004", cardId);
    }

    @Test
    @Order(6)
    void shouldAnswer503DuringADatabaseOutageAndFinishTheFlowAfterIt() throws Exception {
        JsonObject ethInvoice = createAnnouncedInvoice("6.00", "eth-devnet", "postgres-eth");
        String ethId = ethInvoice.getString("id");
        String cardId = createAnnouncedInvoice("12.00", "card", "postgres-card").getString("id");
        // Left to the simulated processor, which answers after the database has gone.
        JsonObject cardPayment = api.expect(201, api.post("/v1/invoices/" + cardId + "/payments", testCard()));
        String refusedKey = UUID.randomUUID().toString();
        JsonObject refusedCreate = new JsonObject().put("amount", "3.00").put("currency", "USD")
                .put("payment_methods", new JsonArray().add("card")).put("order_id", "postgres-refused");

        system.stopPostgres();
        try {
            chain.awaitReceipt(chain.sendEther(Anvil.ACCOUNT_1, option(ethInvoice, "eth-devnet").getString("address"), wei("0.003")));
            chain.mine(3);
            HttpResponse<String> read = api.get("/v1/invoices/" + ethId);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
            assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(new JsonObject(read.body()).getString("code")).isEqualTo("service_unavailable");
            assertThat(read.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> write = api.send("POST", "/v1/invoices", refusedCreate, Map.of("Idempotency-Key", refusedKey));
            assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
            // The watcher, the relays, the card worker and the consumers all meet the outage meanwhile.
            Thread.sleep(3000);
        } finally {
            system.startPostgres();
        }
        mineUntilStatus(ethId, "paid");
        awaitValue(FLOW, () -> api.expect(200, api.get("/v1/payments/" + cardPayment.getString("id"))).getString("status"),
                "confirmed"::equals);
        awaitStatus(cardId, "paid");
        assertPaidOnceAfterTheOutage(ethId, "0.003", cardId);
        // The create refused during the outage left nothing behind: its key now makes exactly one invoice.
        JsonObject created = api.expect(201, api.send("POST", "/v1/invoices", refusedCreate, Map.of("Idempotency-Key", refusedKey)));
        JsonObject listed = api.expect(200, api.get("/v1/invoices?order_id=postgres-refused"));
        assertThat(listed.getJsonArray("data").stream().map(JsonObject.class::cast).map(i -> i.getString("id")))
                .containsExactly(created.getString("id"));
        assertThat(awaitValue(FLOW, this::unpublishedOutboxRows, rows -> rows == 0)).as("rows left in the outboxes").isZero();
    }

    @Test
    @Order(7)
    void shouldAcceptRefundsRacingThroughTheGatewayOnlyUpToWhatWasPaid() throws Exception {
        JsonObject invoice = createInvoice("50.00", "card", "refund-race");
        String id = invoice.getString("id");
        JsonObject payment = api.expect(201, api.post("/v1/invoices/" + id + "/payments", testCard()));
        awaitValue(FLOW, () -> api.expect(200, api.get("/v1/invoices/" + id)).getString("status"), "paid"::equals);

        List<HttpResponse<String>> answers = concurrently(20, () -> api.send("POST", "/v1/refunds",
                new JsonObject().put("invoice_id", id).put("amount", "5.00"), Map.of("Idempotency-Key", UUID.randomUUID().toString())));
        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).as(answers.stream().map(HttpResponse::body).toList().toString()).isEqualTo(Map.of(201, 10L, 422, 10L));
        answers.stream().filter(a -> a.statusCode() == 422)
                .forEach(a -> assertThat(new JsonObject(a.body()).getString("code")).isEqualTo("refund_exceeds_paid"));

        JsonArray refunds = awaitValue(FLOW, () -> api.expect(200, api.get("/v1/refunds?limit=100&invoice_id=" + id)).getJsonArray("data"),
                list -> list.size() == 10 && list.stream().map(JsonObject.class::cast).allMatch(r -> "succeeded".equals(r.getString("status"))));
        assertThat(refunds.stream().map(JsonObject.class::cast).map(r -> r.getString("status"))).hasSize(10).containsOnly("succeeded");
        assertThat(refunds.stream().map(JsonObject.class::cast).map(r -> new BigDecimal(r.getString("amount")))
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("50.00");
        assertThat(api.expect(422, api.post("/v1/refunds", new JsonObject().put("invoice_id", id).put("amount", "0.01")))
                .getString("code")).isEqualTo("refund_exceeds_paid");
        assertThat(awaitValue(FLOW, () -> typesOfWebhooksAbout(id).stream().filter("refund.succeeded"::equals).count(), count -> count == 10))
                .as("refund.succeeded webhooks").isEqualTo(10);
        assertEveryWebhookSignedAndEachFactSentOnce(id);
        assertThat(payment.getString("card_last4")).isEqualTo("4242");
    }

    @Test
    @Order(8)
    void shouldCreateOneInvoiceForOneIdempotencyKeyRacingThroughTheGateway() throws Exception {
        String idempotencyKey = UUID.randomUUID().toString();
        JsonObject body = new JsonObject().put("amount", "9.99").put("currency", "USD")
                .put("payment_methods", new JsonArray().add("card")).put("order_id", "idempotency-race");
        List<HttpResponse<String>> answers = concurrently(16, () -> {
            HttpResponse<String> answer;
            // A client retries 409 idempotency_in_progress (the first request is still running, its answer comes next)
            // and 429 (the key's rate limit).
            while (Set.of(409, 429).contains((answer = api.send("POST", "/v1/invoices", body,
                    Map.of("Idempotency-Key", idempotencyKey))).statusCode())) {
                Thread.sleep(100);
            }
            return answer;
        });
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(201);
        Set<String> ids = answers.stream().map(a -> new JsonObject(a.body()).getString("id")).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        JsonArray listed = api.expect(200, api.get("/v1/invoices?order_id=idempotency-race")).getJsonArray("data");
        assertThat(listed).hasSize(1);
        String id = ids.iterator().next();
        receiver.await(webhook("invoice.created", id), FLOW);
        Thread.sleep(2000);
        assertThat(typesOfWebhooksAbout(id)).containsExactly("invoice.created");
    }

    /**
     * Pays an ETH invoice and kills {@code service} with {@code kill -9} right after the transfer is mined, before its
     * confirmations; restarts it; the invoice is paid, the merchant hears every fact once, the ledger credits once.
     */
    private void payWhileServiceIsKilled(String service) throws Exception {
        JsonObject invoice = createInvoice("6.00", "eth-devnet", "kill-" + service);
        String id = invoice.getString("id");
        String tx = chain.sendEther(Anvil.ACCOUNT_1, option(invoice, "eth-devnet").getString("address"), wei("0.003"));
        chain.awaitReceipt(tx);
        system.killService(service);
        chain.mine(3);
        system.restartService(service);
        mineUntilStatus(id, "paid");
        ethKept = ethKept.add(new BigDecimal("0.003"));
        receiver.await(webhook("invoice.paid", id), FLOW);
        assertThat(typesOfWebhooksAbout(id)).contains("invoice.created", "invoice.processing", "payment.created",
                "payment.confirmed", "invoice.paid");
        assertEveryWebhookSignedAndEachFactSentOnce(id);
        assertThat(payments(id)).extracting(p -> p.getString("status")).containsExactly("confirmed");
        assertDepositedOnce(payments(id).get(0));
        assertThat(confirmedBalance("ETH")).isEqualByComparingTo(ethKept);
        assertAnalyticsVolume("ETH", ethKept.toPlainString());
    }

    /** Outbox rows not yet acknowledged by Kafka, in every database of every service, read from the tables themselves. */
    private long unpublishedOutboxRows() {
        long rows = 0;
        for (String service : LocalSystem.SERVICES) {
            for (Integer shard : Arrays.asList(null, 0, 1)) {
                try (Connection connection = DriverManager.getConnection("jdbc:" + system.databaseUrl(service, shard),
                        LocalSystem.databaseUser(), LocalSystem.databasePassword());
                     ResultSet result = connection.createStatement().executeQuery(
                             "SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
                    result.next();
                    rows += result.getLong(1);
                } catch (SQLException e) {
                    throw new IllegalStateException("outbox of " + service + " shard " + shard, e);
                }
            }
        }
        return rows;
    }

    /**
     * After an outage drill: the ETH and the card invoice were each told paid once (signed, one id per fact), the ETH
     * payment deposited once, and the ledger and analytics hold exactly the ETH that stayed paid, this one included.
     */
    private void assertPaidOnceAfterTheOutage(String ethId, String ethAmount, String cardId) throws Exception {
        ethKept = ethKept.add(new BigDecimal(ethAmount));
        for (String id : List.of(ethId, cardId)) {
            receiver.await(webhook("invoice.paid", id), FLOW);
            assertEveryWebhookSignedAndEachFactSentOnce(id);
        }
        assertDepositedOnce(payments(ethId).get(0));
        assertThat(confirmedBalance("ETH")).isEqualByComparingTo(ethKept);
        assertAnalyticsVolume("ETH", ethKept.toPlainString());
    }

    /** An invoice whose {@code invoice.created} webhook has arrived: the drills start from there. */
    private JsonObject createAnnouncedInvoice(String amount, String method, String orderId) {
        JsonObject invoice = createInvoice(amount, method, orderId);
        receiver.await(webhook("invoice.created", invoice.getString("id")), FLOW);
        return invoice;
    }

    private JsonObject createInvoice(String amount, String method, String orderId) {
        return api.expect(201, api.send("POST", "/v1/invoices", new JsonObject().put("amount", amount).put("currency", "USD")
                .put("payment_methods", new JsonArray().add(method)).put("order_id", orderId),
                Map.of("Idempotency-Key", UUID.randomUUID().toString())));
    }

    private static JsonObject option(JsonObject invoice, String method) {
        return invoice.getJsonArray("payment_options").stream().map(JsonObject.class::cast)
                .filter(o -> method.equals(o.getString("method"))).findFirst().orElseThrow();
    }

    private static JsonObject testCard() {
        return new JsonObject().put("method", "card").put("card", new JsonObject().put("number", "4242424242424242")
                .put("exp_month", 12).put("exp_year", 2030).put("cvc", "123"));
    }

    /** Mines a block every half second (as a chain would) until the invoice reaches {@code status}. */
    private void mineUntilStatus(String invoiceId, String status) {
        JsonObject invoice = awaitValue(FLOW, () -> {
            chain.mine(1);
            return api.expect(200, api.get("/v1/invoices/" + invoiceId));
        }, current -> status.equals(current.getString("status")));
        assertThat(invoice.getString("status")).as(invoice.encode()).isEqualTo(status);
    }

    private void awaitStatus(String invoiceId, String status) {
        JsonObject invoice = awaitValue(FLOW, () -> api.expect(200, api.get("/v1/invoices/" + invoiceId)),
                current -> status.equals(current.getString("status")));
        assertThat(invoice.getString("status")).as(invoice.encode()).isEqualTo(status);
    }

    private List<JsonObject> payments(String invoiceId) {
        return api.expect(200, api.get("/v1/payments?invoice_id=" + invoiceId)).getJsonArray("data").stream()
                .map(JsonObject.class::cast).toList();
    }

    /** The merchant's devnet wallet of the currency: made by its first ledger posting, so absent until then. */
    private Optional<JsonObject> wallet(String currency) {
        return api.expect(200, api.get("/v1/wallets")).getJsonArray("data").stream().map(JsonObject.class::cast)
                .filter(w -> "devnet".equals(w.getString("network")) && currency.equals(w.getString("currency"))).findFirst();
    }

    private BigDecimal confirmedBalance(String currency) {
        return wallet(currency).map(w -> new BigDecimal(w.getValue("confirmed").toString())).orElse(BigDecimal.ZERO);
    }

    private List<JsonObject> ledger(String currency) {
        return wallet(currency).map(w -> api.expect(200, api.get("/v1/wallets/" + w.getString("id") + "/ledger?limit=100"))
                .getJsonArray("data").stream().map(JsonObject.class::cast).toList()).orElse(List.of());
    }

    /** The wallet ledger holds exactly one deposit for the payment, of its amount. */
    private void assertDepositedOnce(JsonObject payment) {
        String currency = payment.getString("currency");
        List<JsonObject> deposits = awaitValue(FLOW, () -> ledger(currency).stream()
                .filter(e -> "deposit".equals(e.getString("type")) && payment.getString("id").equals(e.getString("reference"))).toList(),
                found -> !found.isEmpty());
        assertThat(deposits).hasSize(1);
        assertThat(new BigDecimal(deposits.get(0).getValue("amount").toString())).isEqualByComparingTo(payment.getString("amount"));
    }

    /** analytics-service counts, for this merchant, the confirmed volume of the coin that stayed paid. */
    private void assertAnalyticsVolume(String currency, String volume) {
        String from = Instant.now().minus(Duration.ofDays(1)).toString();
        String to = Instant.now().plus(Duration.ofDays(1)).toString();
        JsonObject summary = awaitValue(FLOW, () -> api.expect(200, api.get("/v1/analytics/summary?currency=" + currency
                + "&from=" + from + "&to=" + to)), s -> s.getString("payment_volume") != null
                && new BigDecimal(s.getString("payment_volume")).compareTo(new BigDecimal(volume)) == 0);
        assertThat(new BigDecimal(summary.getString("payment_volume"))).as(summary.encode()).isEqualByComparingTo(volume);
    }

    private static Predicate<WebhookReceiver.Received> webhook(String type, String objectId) {
        return received -> type.equals(received.type()) && (objectId.equals(received.object().getString("id"))
                || objectId.equals(received.object().getString("invoice_id")));
    }

    private List<String> typesOfWebhooksAbout(String invoiceId) {
        return receiver.about(invoiceId).stream().map(WebhookReceiver.Received::type).toList();
    }

    private void assertEveryWebhookSigned(String invoiceId) throws Exception {
        Webhook verifier = new Webhook(webhookSecret);
        for (WebhookReceiver.Received received : receiver.about(invoiceId)) {
            String expected = verifier.sign(received.webhookId(), Long.parseLong(received.timestamp()), received.body());
            assertThat(received.signature().split(" ")).as(received.type()).contains(expected);
            assertThat(new JsonObject(received.body()).getString("id")).isEqualTo(received.webhookId());
        }
    }

    /**
     * Every webhook about the invoice is signed, and each fact (an event type about one object) came with one
     * {@code webhook-id}: a retry or redelivery repeats the id, never a second event for the same fact.
     */
    private void assertEveryWebhookSignedAndEachFactSentOnce(String invoiceId) throws Exception {
        assertEveryWebhookSigned(invoiceId);
        Map<String, Set<String>> idsPerFact = receiver.about(invoiceId).stream().collect(Collectors.groupingBy(
                r -> r.type() + " " + r.object().getString("id"), Collectors.mapping(WebhookReceiver.Received::webhookId, Collectors.toSet())));
        assertThat(idsPerFact).allSatisfy((fact, ids) -> assertThat(ids).as(fact).hasSize(1));
    }

    private static <T> List<T> concurrently(int clients, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Polls every half second until {@code done} holds, and returns the last value either way. */
    private static <T> T awaitValue(Duration timeout, Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            ServiceProcess.sleep(Duration.ofMillis(500));
            value = read.get();
        }
        return value;
    }

    private static BigInteger wei(String eth) {
        return new BigDecimal(eth).multiply(new BigDecimal(WEI_PER_ETH)).toBigIntegerExact();
    }

    /** The account xpub (m/44'/60'/0') of a new random wallet, as a merchant's wallet exports it. */
    private static String randomEvmAccountXpub() {
        org.bitcoinj.wallet.DeterministicSeed seed = org.bitcoinj.wallet.DeterministicSeed.ofRandom(new java.security.SecureRandom(), 128, "");
        org.bitcoinj.crypto.DeterministicKey key = org.bitcoinj.crypto.HDKeyDerivation.createMasterPrivateKey(seed.getSeedBytes());
        for (int index : new int[] {44, 60, 0}) {
            key = org.bitcoinj.crypto.HDKeyDerivation.deriveChildKey(key, new org.bitcoinj.crypto.ChildNumber(index, true));
        }
        return key.serializePubB58(org.bitcoinj.base.BitcoinNetwork.MAINNET);
    }

    private static Map<String, String> readEnv(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
    }
}
