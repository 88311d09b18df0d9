package io.paygrid.payment;

import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(WalletTestResource.class)
class RefundTest {

    @Inject
    ShardRouter router;

    private String paidCardInvoice(MerchantFixtures.TestMerchant merchant, String amount) {
        String invoiceId = PaymentFixtures.createInvoice(merchant.key(),
                "{\"amount\": \"" + amount + "\", \"currency\": \"USD\", \"payment_methods\": [\"card\"]}").getString("id");
        String paymentId = TestModePaymentTest.pay(merchant.key(), invoiceId, TestModePaymentTest.card("4242424242424242")).getString("id");
        TestModePaymentTest.awaitPayment(merchant.key(), paymentId, "confirmed");
        PaymentFixtures.awaitInvoice(merchant.key(), invoiceId, "paid", "none");
        return invoiceId;
    }

    private static Response refund(String key, String body) {
        return given().auth().oauth2(key).contentType("application/json").body(body).post("/v1/refunds");
    }

    @Test
    void shouldNeverRefundMoreThanWasPaidUnderAHundredConcurrentPartialRefunds() throws Exception {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        String invoiceId = paidCardInvoice(merchant, "50.00");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Callable<Response> call = () -> refund(merchant.key(), "{\"invoice_id\": \"" + invoiceId + "\", \"amount\": \"0.75\"}");
            calls.add(pool.submit(call));
        }
        int accepted = 0;
        for (Future<Response> call : calls) {
            Response response = call.get();
            if (response.statusCode() == 201) {
                accepted++;
            } else {
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(422);
                assertThat(response.jsonPath().getString("code")).isEqualTo("refund_exceeds_paid");
            }
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(66);
        BigDecimal total = router.poolFor(merchant.id()).preparedQuery("SELECT sum(amount) AS total FROM refunds WHERE invoice_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(invoiceId)).await().indefinitely().iterator().next().getBigDecimal("total");
        assertThat(total).isEqualByComparingTo("49.50");

        refund(merchant.key(), "{\"invoice_id\": \"" + invoiceId + "\", \"amount\": \"0.51\"}").then().statusCode(422);
        refund(merchant.key(), "{\"invoice_id\": \"" + invoiceId + "\"}").then().statusCode(201).body("amount", equalTo("0.50"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                "50.00".equals(PaymentFixtures.invoice(merchant.key(), invoiceId).getString("amount_refunded")));
        given().auth().oauth2(merchant.key()).get("/v1/refunds?invoice_id=" + invoiceId + "&limit=100").then().statusCode(200)
                .body("data.status.unique()", equalTo(List.of("succeeded")));
    }

    @Test
    void shouldRefuseRefundsOfUnpaidInvoicesAndTooPreciseAmounts() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        String open = PaymentFixtures.createInvoice(merchant.key(),
                "{\"amount\": \"10\", \"currency\": \"USD\", \"payment_methods\": [\"card\"]}").getString("id");
        refund(merchant.key(), "{\"invoice_id\": \"" + open + "\"}").then().statusCode(409).body("code", equalTo("invalid_state"));
        String paid = paidCardInvoice(merchant, "10.00");
        refund(merchant.key(), "{\"invoice_id\": \"" + paid + "\", \"amount\": \"1.001\"}").then().statusCode(422)
                .body("code", equalTo("amount_too_precise"));
        refund(merchant.key(), "{\"invoice_id\": \"" + paid + "\", \"amount\": \"0\"}").then().statusCode(400);
        refund(merchant.key(), "{\"invoice_id\": \"" + paid + "\", \"amount\": \"-1\"}").then().statusCode(400);
        refund(merchant.key(), "{\"invoice_id\": \"" + paid + "\", \"destination_address\": \"0x0000000000000000000000000000000000000001\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("destination_address"));
        refund(merchant.key(), "{\"invoice_id\": \"" + io.paygrid.platform.id.Ids.newId(io.paygrid.platform.id.IdPrefix.INVOICE) + "\"}")
                .then().statusCode(404);
        refund(merchant.key(), "{\"invoice_id\": \"not-an-id\"}").then().statusCode(400);
        MerchantFixtures.TestMerchant other = PaymentFixtures.merchant();
        refund(other.key(), "{\"invoice_id\": \"" + paid + "\"}").then().statusCode(404);
    }

    @Test
    void shouldGiveBackMoneyThatReachedACancelledInvoice() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(),
                "{\"amount\": \"25.00\", \"currency\": \"USD\", \"payment_methods\": [\"eth-devnet\"]}");
        String id = invoice.getString("id");
        given().auth().oauth2(merchant.key()).post("/v1/invoices/" + id + "/cancel").then().statusCode(200);
        PaymentFixtures.transfer(merchant.id(), invoice, "eth-devnet", "0.0125").publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "25.00".equals(PaymentFixtures.invoice(merchant.key(), id).getString("amount_confirmed")));
        assertThat(PaymentFixtures.invoice(merchant.key(), id).getString("status")).isEqualTo("cancelled");
        refund(merchant.key(), "{\"invoice_id\": \"" + id + "\", \"destination_address\": \"0x00000000000000000000000000000000000000aa\"}")
                .then().statusCode(201).body("payout_amount", equalTo("0.0125"));
    }

    @Test
    void shouldPayACryptoRefundBackInTheCoinThatCameInOnceTheMerchantRecordsTheTransaction() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(),
                "{\"amount\": \"25.00\", \"currency\": \"USD\", \"payment_methods\": [\"eth-devnet\"]}");
        String id = invoice.getString("id");
        PaymentFixtures.transfer(merchant.id(), invoice, "eth-devnet", "0.0125").publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "paid", "none");

        refund(merchant.key(), "{\"invoice_id\": \"" + id + "\", \"amount\": \"10.00\"}").then().statusCode(422)
                .body("code", equalTo("destination_address_required"));
        refund(merchant.key(), "{\"invoice_id\": \"" + id + "\", \"amount\": \"10.00\", \"destination_address\": \"bc1qxyz\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("destination_address"));
        JsonPath created = refund(merchant.key(), "{\"invoice_id\": \"" + id + "\", \"amount\": \"10.00\", \"reason\": \"one ticket back\", "
                + "\"destination_address\": \"0x00000000000000000000000000000000000000aa\"}").then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("status")).isEqualTo("pending");
        assertThat(created.getString("payout_amount")).isEqualTo("0.005");
        assertThat(created.getString("payout_currency")).isEqualTo("ETH");
        assertThat(created.getString("network")).isEqualTo("devnet");

        String txHash = "0x" + "ab".repeat(32);
        given().auth().oauth2(merchant.key()).contentType("application/json").body("{\"tx_hash\": \"" + txHash + "\"}")
                .post("/v1/refunds/" + created.getString("id") + "/record-transaction").then().statusCode(200)
                .body("status", equalTo("succeeded")).body("tx_hash", equalTo(txHash));
        given().auth().oauth2(merchant.key()).contentType("application/json").body("{\"tx_hash\": \"" + txHash + "\"}")
                .post("/v1/refunds/" + created.getString("id") + "/record-transaction").then().statusCode(409);
        assertThat(PaymentFixtures.invoice(merchant.key(), id).getString("amount_refunded")).isEqualTo("10.00");
        given().auth().oauth2(merchant.key()).get("/v1/invoices/" + id + "/events").then()
                .body("data.type", org.hamcrest.Matchers.hasItems("refund.created", "refund.succeeded"));
    }
}
