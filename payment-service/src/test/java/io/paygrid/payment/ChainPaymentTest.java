package io.paygrid.payment;

import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.contract.PaymentEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Every invoice status of API.md driven by chain.events.v1 as wallet-service publishes them, on a real broker. */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(WalletTestResource.class)
class ChainPaymentTest {

    private static final String ETH_INVOICE = """
            {"amount": "25.00", "currency": "USD", "payment_methods": ["eth-devnet", "usdc-devnet"], "order_id": "C-1"}""";

    @Inject
    ShardRouter router;

    @Test
    void shouldGoFromOpenToProcessingToPaidAsTheTransferConfirms() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE);
        String id = invoice.getString("id");
        PaymentFixtures.Transfer transfer = PaymentFixtures.transfer(merchant.id(), invoice, "eth-devnet", "0.0125");

        transfer.publish(ChainEvents.TRANSFER_DETECTED, 1);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "processing", "none");
        given().auth().oauth2(merchant.key()).get("/v1/payments?invoice_id=" + id).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].status", equalTo("pending")).body("data[0].amount", equalTo("0.0125"))
                .body("data[0].currency", equalTo("ETH")).body("data[0].confirmations", equalTo(1))
                .body("data[0].tx_hash", equalTo(transfer.txHash()));

        transfer.publish(ChainEvents.TRANSFER_CONFIRMATIONS_CHANGED, 2);
        transfer.publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "paid", "none");
        JsonPath paid = PaymentFixtures.invoice(merchant.key(), id);
        assertThat(paid.getString("amount_paid")).isEqualTo("25.00");
        assertThat(paid.getString("amount_due")).isEqualTo("0");
        assertThat(paid.getString("paid_at")).isNotNull();

        given().auth().oauth2(merchant.key()).get("/v1/invoices/" + id + "/events").then().statusCode(200)
                .body("data.type", equalTo(List.of("invoice.created", "payment.created", "invoice.processing",
                        "payment.confirmations_changed", "payment.confirmed", "invoice.paid")))
                .body("data.version", equalTo(List.of(1, 2, 3, 4, 5, 6)));
        PaymentFixtures.awaitPublished(id, "invoice.paid");
        CloudEvent confirmed = PaymentFixtures.awaitPublished(id, PaymentEvents.PAYMENT_CONFIRMED);
        PaymentEvents.PaymentData data = EventJson.fromTree(confirmed.data(), PaymentEvents.PaymentData.class);
        assertThat(data.merchantId()).isEqualTo(merchant.id());
        assertThat(data.network()).isEqualTo("devnet");
        assertThat(data.currency()).isEqualTo("ETH");
        assertThat(data.amount()).isEqualByComparingTo("0.0125");
        assertThat(data.status()).isEqualTo("confirmed");
    }

    @Test
    void shouldMarkAPartialPaymentUnderpaidAndExpireItAtItsTime() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE);
        String id = invoice.getString("id");
        PaymentFixtures.transfer(merchant.id(), invoice, "usdc-devnet", "10").publish(ChainEvents.TRANSFER_DETECTED, 1);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "processing", "underpaid");
        assertThat(PaymentFixtures.invoice(merchant.key(), id).getString("amount_due")).isEqualTo("15.00");

        PaymentFixtures.expireNow(router, merchant.id(), id);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "expired", "underpaid");
    }

    @Test
    void shouldCountAPaymentWithinTheToleranceAsPaidAndMoreThanDueAsOverpaid() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath tolerant = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE.replace("\"order_id\"",
                "\"payment_tolerance_percent\": \"1\", \"order_id\""));
        PaymentFixtures.transfer(merchant.id(), tolerant, "usdc-devnet", "24.80").publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), tolerant.getString("id"), "paid", "none");

        JsonPath generous = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE);
        PaymentFixtures.transfer(merchant.id(), generous, "usdc-devnet", "30").publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), generous.getString("id"), "paid", "overpaid");
        assertThat(PaymentFixtures.invoice(merchant.key(), generous.getString("id")).getString("amount_paid")).isEqualTo("30.00");
    }

    @Test
    void shouldMarkAPaymentSeenAfterExpiryPaidLate() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE);
        String id = invoice.getString("id");
        PaymentFixtures.expireNow(router, merchant.id(), id);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "expired", "none");

        PaymentFixtures.Transfer late = PaymentFixtures.transfer(merchant.id(), invoice, "eth-devnet", "0.0125").detectedAt(Instant.now());
        late.publish(ChainEvents.TRANSFER_DETECTED, 1);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "processing", "paid_late");
        late.publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "paid", "paid_late");
    }

    @Test
    void shouldTakeAPaidInvoiceBackWhenItsPaymentIsReorgedAwayAndNeverCountItTwice() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE);
        String id = invoice.getString("id");
        PaymentFixtures.Transfer transfer = PaymentFixtures.transfer(merchant.id(), invoice, "eth-devnet", "0.0125");
        transfer.publish(ChainEvents.TRANSFER_DETECTED, 1);
        String confirmed = transfer.publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "paid", "none");

        // The broker delivers the same event again, and a stale detection arrives late: neither counts.
        MerchantFixtures.publishTo(Topics.CHAIN_EVENTS, merchant.id(), confirmed);
        transfer.publish(ChainEvents.TRANSFER_DETECTED, 1);

        transfer.publish(ChainEvents.TRANSFER_REVERTED, 0);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "invalid", "none");
        assertThat(PaymentFixtures.invoice(merchant.key(), id).getString("amount_paid")).isEqualTo("0");

        PaymentFixtures.Transfer remined = transfer.remined();
        remined.publish(ChainEvents.TRANSFER_DETECTED, 1);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "processing", "none");
        remined.publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "paid", "none");
        JsonPath paid = PaymentFixtures.invoice(merchant.key(), id);
        assertThat(paid.getString("amount_paid")).isEqualTo("25.00");
        given().auth().oauth2(merchant.key()).get("/v1/payments?invoice_id=" + id).then().statusCode(200)
                .body("data.status", equalTo(List.of("confirmed", "reverted")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                "25.00".equals(PaymentFixtures.invoice(merchant.key(), id).getString("amount_paid")));
    }

    @Test
    void shouldKeepAPaidInvoiceProcessingWhenOneOfTwoPaymentsIsReorgedAway() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE);
        String id = invoice.getString("id");
        PaymentFixtures.Transfer first = PaymentFixtures.transfer(merchant.id(), invoice, "usdc-devnet", "20");
        PaymentFixtures.Transfer second = PaymentFixtures.transfer(merchant.id(), invoice, "usdc-devnet", "5");
        first.publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        second.publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "paid", "none");
        second.publish(ChainEvents.TRANSFER_REVERTED, 0);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "invalid", "underpaid");
        second.remined().publish(ChainEvents.TRANSFER_DETECTED, 1);
        PaymentFixtures.awaitInvoice(merchant.key(), id, "processing", "none");
    }

    @Test
    void shouldSkipATransferForAnInvoiceItDoesNotKnowAndCarryOn() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE);
        JsonPath unknown = PaymentFixtures.createInvoice(merchant.key(), ETH_INVOICE);
        PaymentFixtures.Transfer stray = new PaymentFixtures.Transfer("ctx_0190a0c4d5e67f00a1b2c3d4e5f60718", merchant.id(),
                "inv_0190a0c4d5e67f00a1b2c3d4e5f60718", "eth-devnet", "devnet", "ETH", "0x1", new java.math.BigDecimal("1"),
                "0xabc", Instant.now());
        stray.publish(ChainEvents.TRANSFER_DETECTED, 1);
        PaymentFixtures.transfer(merchant.id(), invoice, "eth-devnet", "0.0125").publish(ChainEvents.TRANSFER_CONFIRMED, 2);
        PaymentFixtures.awaitInvoice(merchant.key(), invoice.getString("id"), "paid", "none");
        assertThat(PaymentFixtures.invoice(merchant.key(), unknown.getString("id")).getString("status")).isEqualTo("open");
        await().atMost(Duration.ofSeconds(10)).until(() -> PaymentFixtures.count(router, merchant.id(),
                "SELECT count(*) FROM parked_chain_events WHERE merchant_id = $1 AND transfer_id = '" + stray.id() + "'") == 1);
    }
}
