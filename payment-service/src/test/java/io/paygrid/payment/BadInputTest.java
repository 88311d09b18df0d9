package io.paygrid.payment;

import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand generated bad requests against the creating endpoints: each must get a 4xx problem+json and leave
 * nothing behind (no invoice, customer, payment, refund, idempotency record or event).
 */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(WalletTestResource.class)
class BadInputTest {

    private static final List<Consumer<JsonObject>> BREAKS = List.of(
            b -> b.put("amount", "-1"), b -> b.put("amount", "0"), b -> b.put("amount", "0.00"), b -> b.put("amount", "abc"),
            b -> b.put("amount", "1e5"), b -> b.put("amount", ""), b -> b.put("amount", "1.001"), b -> b.put("amount", " 1"),
            b -> b.put("amount", "1234567890123456"), b -> b.put("amount", "9".repeat(60)), b -> b.put("amount", "1,5"),
            b -> b.put("amount", "+5"), b -> b.put("amount", "0x10"), b -> b.put("amount", "NaN"), b -> b.put("amount", "Infinity"),
            b -> b.put("amount", (Object) null), b -> b.remove("amount"), b -> b.put("amount", new JsonArray().add(1)),
            b -> b.put("amount", new JsonObject()), b -> b.put("amount", true),
            b -> b.put("currency", "XYZ"), b -> b.put("currency", ""), b -> b.put("currency", "US"), b -> b.put("currency", "DOLLARS!"),
            b -> b.put("currency", (Object) null), b -> b.remove("currency"), b -> b.put("currency", 840), b -> b.put("currency", "U\u0000D"),
            b -> b.put("payment_methods", new JsonArray()), b -> b.remove("payment_methods"), b -> b.put("payment_methods", "card"),
            b -> b.put("payment_methods", new JsonArray().add("doge-moon")), b -> b.put("payment_methods", new JsonArray().add("card").add("card")),
            b -> b.put("payment_methods", new JsonArray().addNull()), b -> b.put("payment_methods", new JsonArray().add("eth-mars")),
            b -> b.put("payment_methods", new JsonArray().add("paypal")), b -> b.put("payment_methods", new JsonArray().add(42)),
            b -> b.put("payment_methods", new JsonArray(List.of("card", "upi", "eth-ethereum", "btc-bitcoin", "usdc-ethereum",
                    "usdt-ethereum", "eth-sepolia", "usdc-polygon", "usdt-polygon", "btc-bitcoin-testnet", "eth-devnet"))),
            b -> b.put("payment_methods", new JsonArray().add("usdt-bsc")),
            b -> b.put("metadata", "text"), b -> b.put("metadata", new JsonArray()), b -> b.put("metadata", new JsonObject().put("k", new JsonObject())),
            b -> b.put("metadata", new JsonObject().put("k", "v".repeat(501))), b -> b.put("metadata", new JsonObject().put("x".repeat(41), "v")),
            b -> b.put("metadata", manyKeys()), b -> b.put("metadata", new JsonObject().put("", "v")),
            b -> b.put("metadata", new JsonObject().put("k", new JsonArray().add(1))),
            b -> b.put("expires_in_minutes", 0), b -> b.put("expires_in_minutes", -5), b -> b.put("expires_in_minutes", 10081),
            b -> b.put("expires_in_minutes", "soon"), b -> b.put("expires_in_minutes", 99999999999L),
            b -> b.put("payment_tolerance_percent", "100"), b -> b.put("payment_tolerance_percent", "-1"),
            b -> b.put("payment_tolerance_percent", "0.555"), b -> b.put("payment_tolerance_percent", "abc"),
            b -> b.put("redirect_url", "ftp://shop.example/"), b -> b.put("redirect_url", "javascript:alert(1)"),
            b -> b.put("redirect_url", "http://user:pw@shop.example/"), b -> b.put("redirect_url", "not a url"),
            b -> b.put("redirect_url", "https://" + "a".repeat(2100)), b -> b.put("redirect_url", "/relative"),
            b -> b.put("customer", new JsonObject().put("email", "not-an-email")), b -> b.put("customer", "buyer@example.com"),
            b -> b.put("customer", new JsonObject()), b -> b.put("customer", new JsonObject().put("email", "a@b.c".repeat(60))),
            b -> b.put("order_id", "x".repeat(201)), b -> b.put("description", "d".repeat(1001)),
            b -> b.put("unknown_field", "x"), b -> b.put("livemode", true),
            b -> b.put("description", "nul\u0000inside"), b -> b.put("order_id", "A\u0000"),
            b -> b.put("metadata", new JsonObject().put("k", "v\u0000")), b -> b.put("customer", new JsonObject()
                    .put("email", "buyer@example.com").put("name", "N\u0000")));

    private static final List<String> RAW = List.of("", "{", "[]", "null", "\"invoice\"", "{\"amount\": }", "42",
            "{\"amount\": \"1\", \"currency\": \"USD\", \"payment_methods\": [\"card\"]", "<xml/>", "{\"amount\": 1e400}");

    @Inject
    ShardRouter router;

    @Test
    void shouldAnswerAThousandBadRequestsWith4xxAndWriteNothing() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        Random random = new Random(20261122L);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        while (sent < 1000) {
            Response response;
            String described;
            int kind = random.nextInt(10);
            if (kind == 0) {
                String raw = RAW.get(random.nextInt(RAW.size()));
                described = "raw " + raw;
                response = given().auth().oauth2(merchant.key()).contentType("application/json").body(raw).post(path(random));
            } else if (kind == 1) {
                described = "wrong content type";
                response = given().auth().oauth2(merchant.key()).contentType("text/plain").body(valid().encode()).post("/v1/invoices");
            } else if (kind == 2) {
                String key = random.nextBoolean() ? "k".repeat(256) : "bad key\t";
                described = "idempotency key " + key.length();
                response = given().auth().oauth2(merchant.key()).header("Idempotency-Key", key).contentType("application/json")
                        .body(broken(random).encode()).post("/v1/invoices");
            } else if (kind == 3) {
                JsonObject refund = new JsonObject().put("invoice_id", random.nextBoolean() ? "inv_nope" : "inv_0190a0c4d5e67f00a1b2c3d4e5f60718")
                        .put("amount", random.nextBoolean() ? "-3" : "abc");
                described = "refund " + refund.encode();
                response = given().auth().oauth2(merchant.key()).contentType("application/json").body(refund.encode()).post("/v1/refunds");
            } else if (kind == 4) {
                JsonObject customer = new JsonObject().put("email", random.nextBoolean() ? "nope" : "");
                described = "customer " + customer.encode();
                response = given().auth().oauth2(merchant.key()).contentType("application/json").body(customer.encode()).post("/v1/customers");
            } else {
                JsonObject body = broken(random);
                described = body.encode();
                response = given().auth().oauth2(merchant.key()).contentType("application/json").body(body.encode()).post("/v1/invoices");
            }
            sent++;
            int status = response.statusCode();
            String type = response.contentType();
            if (status < 400 || status >= 500 || type == null || !type.startsWith("application/problem+json")) {
                failures.add(status + " " + type + " for " + abbreviate(described) + " -> " + abbreviate(response.asString()));
            }
        }
        assertThat(failures).isEmpty();
        for (String table : List.of("invoices", "customers", "payments", "refunds", "idempotency_keys")) {
            assertThat(PaymentFixtures.count(router, merchant.id(), "SELECT count(*) FROM " + table + " WHERE merchant_id = $1"))
                    .as(table).isZero();
        }
        assertThat(PaymentFixtures.count(router, merchant.id(), "SELECT count(*) FROM outbox WHERE message_key = $1")).isZero();
    }

    private static String path(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "/v1/invoices";
            case 1 -> "/v1/refunds";
            default -> "/v1/customers";
        };
    }

    private static JsonObject valid() {
        return new JsonObject().put("amount", "25.00").put("currency", "USD")
                .put("payment_methods", new JsonArray().add("eth-ethereum").add("card"))
                .put("order_id", "A-1").put("metadata", new JsonObject().put("k", "v"));
    }

    /** A valid body with one to three things broken. */
    private static JsonObject broken(Random random) {
        JsonObject body = valid();
        int breaks = 1 + random.nextInt(3);
        for (int i = 0; i < breaks; i++) {
            BREAKS.get(random.nextInt(BREAKS.size())).accept(body);
        }
        return body;
    }

    private static JsonObject manyKeys() {
        JsonObject many = new JsonObject();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        return many;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
