package io.paygrid.payment;

import io.paygrid.platform.contract.AddressLeases;
import io.paygrid.platform.money.CurrencyPrecision;
import io.paygrid.testing.PayGridTestResource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * wallet-service's side of the address-lease contract ({@link AddressLeases}) for payment-service's own tests: a
 * real HTTP server on loopback that checks the service token, answers the same lease for the same invoice and
 * method, converts at a fixed table of rates, and refuses what wallet-service refuses (no xpub registered for
 * bsc). It can be made to fail or to hang, to test how payment-service behaves when wallet-service is down.
 * The real pair runs together in the system module's tests.
 */
public final class FakeWalletService {

    public static final Map<String, BigDecimal> USD_RATES = Map.of("ETH", new BigDecimal("2000"), "BTC", new BigDecimal("50000"),
            "USDC", BigDecimal.ONE, "USDT", BigDecimal.ONE);

    public enum Mode { UP, FAILING, HANGING }

    private static final FakeWalletService INSTANCE = new FakeWalletService();

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, JsonObject> leases = new ConcurrentHashMap<>();
    private final Map<String, Mode> modeByMethod = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Mode mode = Mode.UP;
    private final HttpServer server;

    private FakeWalletService() {
        try {
            server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                calls.incrementAndGet();
                if (!request.path().equals(AddressLeases.PATH) || !"POST".equals(request.method().name())) {
                    request.response().setStatusCode(404).end();
                    return;
                }
                if (!("Bearer " + PayGridTestResource.SERVICE_TOKEN).equals(request.getHeader("Authorization"))) {
                    request.response().setStatusCode(401).end();
                    return;
                }
                JsonObject lease = body.toJsonObject();
                Mode effective = modeByMethod.getOrDefault(lease.getString("method"), mode);
                if (effective == Mode.HANGING) {
                    return;
                }
                if (effective == Mode.FAILING) {
                    request.response().setStatusCode(500).end();
                    return;
                }
                answer(lease, request.response());
            })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Fake wallet-service did not start", e);
        }
    }

    public static FakeWalletService get() {
        return INSTANCE;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public void mode(Mode newMode) {
        mode = newMode;
        modeByMethod.clear();
    }

    public void mode(String method, Mode methodMode) {
        modeByMethod.put(method, methodMode);
    }

    public int calls() {
        return calls.get();
    }

    private void answer(JsonObject request, io.vertx.core.http.HttpServerResponse response) {
        String method = request.getString("method");
        String[] parts = method.split("-", 2);
        String currency = parts[0].toUpperCase();
        String network = parts[1];
        if (network.equals("bsc")) {
            problem(response, 409, "no_derivation_scheme", "The merchant has not registered an extended public key for bsc.");
            return;
        }
        BigDecimal rate = USD_RATES.get(currency);
        if (rate == null || !"USD".equals(request.getString("currency"))) {
            problem(response, 422, "unsupported_payment_method", "Payment method '" + method + "' is not offered here.");
            return;
        }
        String key = request.getString("invoice_id") + "/" + method;
        JsonObject lease = leases.computeIfAbsent(key, k -> newLease(request, currency, network, rate));
        response.setStatusCode(200).putHeader("Content-Type", "application/json").end(lease.encode());
    }

    private static JsonObject newLease(JsonObject request, String currency, String network, BigDecimal rate) {
        int decimals = Math.min(CurrencyPrecision.decimalsOf(currency).orElseThrow(), 8);
        BigDecimal amount = new BigDecimal(request.getString("amount")).divide(rate, decimals, RoundingMode.UP);
        String address = address(request.getString("invoice_id") + request.getString("method"), network);
        String uri = network.startsWith("bitcoin") ? "bitcoin:" + address + "?amount=" + amount.toPlainString()
                : "ethereum:" + address + "@31337?value=" + amount.movePointRight(18).toBigInteger();
        return new JsonObject()
                .put("id", "lea_" + HexFormat.of().formatHex(digest(address)).substring(0, 26))
                .put("merchant_id", request.getString("merchant_id"))
                .put("invoice_id", request.getString("invoice_id"))
                .put("method", request.getString("method"))
                .put("network", network)
                .put("currency", currency)
                .put("address", address)
                .put("amount", amount.toPlainString())
                .put("rate", rate.toPlainString())
                .put("rate_id", "rate_fixed")
                .put("rate_expires_at", Instant.now().plus(15, ChronoUnit.MINUTES).toString())
                .put("payment_uri", uri)
                .put("required_confirmations", network.equals("devnet") ? 2 : 12)
                .put("expires_at", request.getString("expires_at"));
    }

    private static String address(String seed, String network) {
        String hex = HexFormat.of().formatHex(digest(seed));
        return network.startsWith("bitcoin") ? "bc1q" + hex.substring(0, 38).replaceAll("[^02-9ac-hj-np-z]", "q") : "0x" + hex.substring(0, 40);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void problem(io.vertx.core.http.HttpServerResponse response, int status, String code, String detail) {
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("status", status).put("code", code).put("detail", detail).encode());
    }
}
