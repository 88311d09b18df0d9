package io.paygrid.wallet.ledger;

import io.paygrid.platform.contract.PaymentEvents;
import io.paygrid.platform.contract.PaymentEvents.PaymentData;
import io.paygrid.platform.contract.PaymentEvents.RefundData;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.contract.WalletEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.paygrid.wallet.DevnetTestResource;
import io.paygrid.wallet.WalletFixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The ledger fed by payment.events.v1 over a real broker, and its invariant under concurrent postings. */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(DevnetTestResource.class)
class LedgerTest {

    @Inject
    LedgerService ledger;

    @Inject
    ShardRouter router;

    private static CloudEvent publish(String type, String merchantId, Object data) {
        CloudEvent event = CloudEvent.of(type, "payment-service", merchantId, merchantId, EventJson.toTree(data));
        MerchantFixtures.publishTo(Topics.PAYMENT_EVENTS, merchantId, EventJson.write(event));
        return event;
    }

    private static PaymentData eth(String id, String merchantId, String amount, String status) {
        return new PaymentData(id, "inv_1", merchantId, "eth-devnet", "devnet", "ETH", new BigDecimal(amount), status);
    }

    private static JsonPath wallet(String key, String network, String currency) {
        List<JsonPath> found = new ArrayList<>();
        String body = given().auth().oauth2(key).get("/v1/wallets").then().statusCode(200).extract().asString();
        int count = new JsonPath(body).getList("data").size();
        for (int i = 0; i < count; i++) {
            JsonPath one = new JsonPath(body).setRootPath("data[" + i + "]");
            if (currency.equals(one.getString("currency")) && Objects.equals(network, one.getString("network"))) {
                found.add(one);
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void shouldKeepBalancesFromPaymentAndRefundEventsExactlyOnce() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("wallets:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/wallets");
        String m = merchant.id();
        String pay1 = Ids.newId(IdPrefix.PAYMENT);
        String pay2 = Ids.newId(IdPrefix.PAYMENT);
        String refund = Ids.newId(IdPrefix.REFUND);

        publish(PaymentEvents.PAYMENT_CREATED, m, eth(pay1, m, "0.5", "pending"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(wallet(merchant.key(), "devnet", "ETH").getString("pending")).isEqualTo("0.5"));

        CloudEvent confirmed = publish(PaymentEvents.PAYMENT_CONFIRMED, m, eth(pay1, m, "0.5", "confirmed"));
        MerchantFixtures.publishTo(Topics.PAYMENT_EVENTS, m, EventJson.write(confirmed));
        publish(PaymentEvents.PAYMENT_CONFIRMED, m, eth(pay1, m, "0.5", "confirmed"));
        publish(PaymentEvents.PAYMENT_CREATED, m, eth(pay2, m, "0.25", "pending"));
        publish(PaymentEvents.PAYMENT_CONFIRMED, m, eth(pay2, m, "0.25", "confirmed"));
        publish(PaymentEvents.PAYMENT_REVERTED, m, eth(pay1, m, "0.5", "reverted"));
        publish(PaymentEvents.REFUND_CREATED, m, new RefundData(refund, "inv_1", m, "devnet", "ETH", new BigDecimal("0.1"), "pending"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(wallet(merchant.key(), "devnet", "ETH").getString("locked")).isEqualTo("0.1"));
        publish(PaymentEvents.REFUND_SUCCEEDED, m, new RefundData(refund, "inv_1", m, "devnet", "ETH", new BigDecimal("0.1"), "succeeded"));
        publish("invoice.paid", m, Map.of("id", "inv_1"));
        publish(PaymentEvents.PAYMENT_CREATED, m, new PaymentData(Ids.newId(IdPrefix.PAYMENT), "inv_2", m, "card", null, "USD",
                new BigDecimal("12.50"), "pending"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath eth = wallet(merchant.key(), "devnet", "ETH");
            assertThat(eth.getString("confirmed")).isEqualTo("0.15");
            assertThat(eth.getString("pending")).isEqualTo("0");
            assertThat(eth.getString("locked")).isEqualTo("0");
            assertThat(wallet(merchant.key(), null, "USD").getString("pending")).isEqualTo("12.5");
        });
        String walletId = wallet(merchant.key(), "devnet", "ETH").getString("id");
        JsonPath entries = given().auth().oauth2(merchant.key()).get("/v1/wallets/" + walletId + "/ledger").then().statusCode(200)
                .extract().jsonPath();
        assertThat(entries.getList("data.type", String.class)).containsExactly("withdrawal", "reversal", "deposit", "deposit");
        assertThat(entries.getList("data.amount", String.class)).containsExactly("-0.1", "-0.5", "0.25", "0.5");
        assertThat(entries.getList("data.balance_after", String.class)).containsExactly("0.15", "0.25", "0.75", "0.5");
        String missing = given().auth().oauth2(merchant.key()).get("/v1/wallets/wal_01m00000000000000000000000/ledger").then()
                .statusCode(404).extract().path("code");
        MerchantFixtures.TestMerchant other = MerchantFixtures.activeMerchant(List.of("wallets:read"));
        ServiceBasicsTest.awaitKey(other.key(), "/v1/wallets");
        // Another merchant's wallet is 404 with the same code as one that does not exist.
        given().auth().oauth2(other.key()).get("/v1/wallets/" + walletId + "/ledger").then().statusCode(404)
                .body("code", equalTo(missing));
        given().auth().oauth2(other.key()).get("/v1/wallets").then().statusCode(200)
                .body("data", hasSize(0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(WalletFixtures.eventsOf(Topics.WALLET_EVENTS, m).stream()
                .filter(e -> WalletEvents.LEDGER_ENTRY_POSTED.equals(e.type()))).hasSize(4));
    }

    @Test
    void shouldSetAsideAReversalTheBalanceCannotTakeAndGoOnWithLaterEvents() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("wallets:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/wallets");
        String m = merchant.id();
        String pay = Ids.newId(IdPrefix.PAYMENT);
        String refund = Ids.newId(IdPrefix.REFUND);
        publish(PaymentEvents.PAYMENT_CONFIRMED, m, eth(pay, m, "0.5", "confirmed"));
        publish(PaymentEvents.REFUND_CREATED, m, new RefundData(refund, "inv_1", m, "devnet", "ETH", new BigDecimal("0.5"), "pending"));
        publish(PaymentEvents.REFUND_SUCCEEDED, m, new RefundData(refund, "inv_1", m, "devnet", "ETH", new BigDecimal("0.5"), "succeeded"));
        publish(PaymentEvents.PAYMENT_REVERTED, m, eth(pay, m, "0.5", "reverted"));
        publish(PaymentEvents.PAYMENT_CONFIRMED, m, eth(Ids.newId(IdPrefix.PAYMENT), m, "0.2", "confirmed"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(wallet(merchant.key(), "devnet", "ETH").getString("confirmed")).isEqualTo("0.2"));
        Row aside = router.poolFor(m).preparedQuery("SELECT type, amount, reference FROM ledger_exceptions WHERE merchant_id = $1")
                .execute(Tuple.of(m)).await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(aside.getString("type")).isEqualTo("reversal");
        assertThat(aside.getBigDecimal("amount")).isEqualByComparingTo("-0.5");
        assertThat(aside.getString("reference")).isEqualTo(pay);
    }

    @Test
    void shouldKeepTheBalanceTheSumOfItsEntriesUnderConcurrentPostings() {
        String merchantId = Ids.newId(IdPrefix.MERCHANT);
        List<Uni<Boolean>> postings = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 1; i <= 60; i++) {
            BigDecimal amount = new BigDecimal(i).movePointLeft(3);
            expected = expected.add(amount);
            String reference = "pay_concurrent_" + i;
            postings.add(router.inTransaction(merchantId, tx -> ledger.lockWallet(tx, merchantId, "devnet", "ETH")
                    .flatMap(wallet -> ledger.post(tx, wallet, "deposit", amount, reference))));
        }
        Uni.join().all(postings).andFailFast().await().atMost(Duration.ofSeconds(60));
        Row totals = router.poolFor(merchantId).preparedQuery("""
                        SELECT w.confirmed, (SELECT sum(amount) FROM ledger_entries e WHERE e.wallet_id = w.id) AS entries,
                               (SELECT max(balance_after) FROM ledger_entries e WHERE e.wallet_id = w.id) AS top,
                               (SELECT count(DISTINCT balance_after) FROM ledger_entries e WHERE e.wallet_id = w.id) AS steps
                          FROM wallets w WHERE w.merchant_id = $1""")
                .execute(Tuple.of(merchantId)).await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(totals.getBigDecimal("confirmed")).isEqualByComparingTo(expected);
        assertThat(totals.getBigDecimal("entries")).isEqualByComparingTo(expected);
        assertThat(totals.getBigDecimal("top")).isEqualByComparingTo(expected);
        assertThat(totals.getLong("steps")).isEqualTo(60);
    }
}
