package io.paygrid.payment.invoice;

import io.paygrid.payment.payment.Payment;
import io.paygrid.payment.payment.PaymentStatus;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.money.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvoiceSettlementTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final PaymentOption ETH = new PaymentOption("eth-ethereum", "ethereum", "ETH", "0xabc",
            new BigDecimal("0.0125"), new BigDecimal("2000"), "rate_1", NOW.plusSeconds(900), "ethereum:0xabc", 12, "lea_1");

    private static Invoice invoice(InvoiceStatus status, String tolerance) {
        return new Invoice("inv_1", "mer_1", "test", status, ExceptionStatus.NONE, Money.parse("25.00", "USD"), Money.zero("USD"),
                Money.zero("USD"), Money.zero("USD"), null, null, Map.of(), null, List.of("eth-ethereum", "card"),
                new BigDecimal(tolerance), null, null, NOW.plusSeconds(600), NOW.minusSeconds(60), null, 1, List.of(ETH));
    }

    private static Payment chain(String eth, PaymentStatus status, boolean late) {
        Invoice base = invoice(InvoiceStatus.OPEN, "0");
        Money amount = Money.parse(eth, "ETH");
        return new Payment("pay_" + eth + status, "mer_1", "inv_1", "test", "eth-ethereum", "ethereum", amount,
                InvoiceSettlement.credit(base, ETH, amount), status, "ctx_" + eth, "0x1", 0L, 1L, 1, 12, null, null, null, null,
                null, late, NOW, NOW);
    }

    private static Payment card(PaymentStatus status) {
        return new Payment("pay_card", "mer_1", "inv_1", "test", "card", null, Money.parse("25.00", "USD"),
                Money.parse("25.00", "USD"), status, null, null, null, null, null, null, null, "4242", "visa", null, null, false, NOW, NOW);
    }

    @Test
    void shouldCreditExactlyTheInvoiceAmountForExactlyTheOptionsAmount() {
        assertThat(InvoiceSettlement.credit(invoice(InvoiceStatus.OPEN, "0"), ETH, Money.parse("0.0125", "ETH")))
                .isEqualTo(Money.parse("25.00", "USD"));
        assertThat(InvoiceSettlement.credit(invoice(InvoiceStatus.OPEN, "0"), ETH, Money.parse("0.00624999", "ETH")))
                .isEqualTo(Money.parse("12.49", "USD"));
        assertThat(InvoiceSettlement.credit(invoice(InvoiceStatus.OPEN, "0"), ETH, Money.parse("5", "USDC")).isZero()).isTrue();
    }

    @Test
    void shouldPayInFullWithThreeThirdsOfTheOptionsAmount() {
        PaymentOption thirds = new PaymentOption("eth-ethereum", "ethereum", "ETH", "0xabc", new BigDecimal("0.003"),
                new BigDecimal("3333.33"), "rate_1", NOW.plusSeconds(900), "ethereum:0xabc", 12, "lea_1");
        Invoice invoice = invoice(InvoiceStatus.OPEN, "0").withOptions(List.of(thirds));
        Payment third = chain("0.001", PaymentStatus.CONFIRMED, false);
        List<Payment> three = List.of(third, third, third);
        Invoice paid = InvoiceSettlement.settle(invoice, three, NOW);
        assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(paid.amountPaid()).isEqualTo(Money.parse("25.00", "USD"));
    }

    @Test
    void shouldRecordButNotCountACoinTheAddressWasNotLeasedFor() {
        Payment usdc = new Payment("pay_usdc", "mer_1", "inv_1", "test", "eth-ethereum", "ethereum", Money.parse("25", "USDC"),
                Money.zero("USD"), PaymentStatus.PENDING, "ctx_usdc", "0x1", 0L, 1L, 1, 12, null, null, null, null, null, false, NOW, NOW);
        Invoice invoice = InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "0"), List.of(usdc), NOW);
        assertThat(invoice.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(invoice.amountPaid().isZero()).isTrue();
    }

    @Test
    void shouldMoveThroughProcessingToPaid() {
        Invoice seen = InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "0"), List.of(chain("0.0125", PaymentStatus.PENDING, false)), NOW);
        assertThat(seen.status()).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(seen.amountDue().isZero()).isTrue();
        Invoice paid = InvoiceSettlement.settle(seen, List.of(chain("0.0125", PaymentStatus.CONFIRMED, false)), NOW);
        assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(paid.exception()).isEqualTo(ExceptionStatus.NONE);
        assertThat(paid.paidAt()).isEqualTo(NOW);
    }

    @Test
    void shouldApplyTheToleranceAndFlagUnderAndOverpayment() {
        List<Payment> short1Percent = List.of(chain("0.012375", PaymentStatus.CONFIRMED, false));
        assertThat(InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "1"), short1Percent, NOW).status()).isEqualTo(InvoiceStatus.PAID);
        Invoice strict = InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "0.5"), short1Percent, NOW);
        assertThat(strict.status()).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(strict.exception()).isEqualTo(ExceptionStatus.UNDERPAID);
        Invoice over = InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "0"), List.of(chain("0.02", PaymentStatus.CONFIRMED, false)), NOW);
        assertThat(over.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(over.exception()).isEqualTo(ExceptionStatus.OVERPAID);
    }

    @Test
    void shouldExpireAnUnderpaidInvoiceAndFlagALatePayment() {
        Instant afterExpiry = NOW.plusSeconds(601);
        Invoice underpaid = InvoiceSettlement.settle(invoice(InvoiceStatus.PROCESSING, "0"),
                List.of(chain("0.001", PaymentStatus.PENDING, false)), afterExpiry);
        assertThat(underpaid.status()).isEqualTo(InvoiceStatus.EXPIRED);
        assertThat(underpaid.exception()).isEqualTo(ExceptionStatus.UNDERPAID);
        Invoice late = InvoiceSettlement.settle(invoice(InvoiceStatus.EXPIRED, "0"),
                List.of(chain("0.0125", PaymentStatus.CONFIRMED, true)), afterExpiry);
        assertThat(late.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(late.exception()).isEqualTo(ExceptionStatus.PAID_LATE);
        assertThat(InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "0"), List.of(), afterExpiry).status())
                .isEqualTo(InvoiceStatus.EXPIRED);
        assertThat(InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "0"), List.of(), NOW).status())
                .isEqualTo(InvoiceStatus.OPEN);
    }

    @Test
    void shouldInvalidateAPaidInvoiceWhosePaymentWasReverted() {
        Invoice paid = InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "0"), List.of(chain("0.0125", PaymentStatus.CONFIRMED, false)), NOW);
        Invoice reverted = InvoiceSettlement.settle(paid, List.of(chain("0.0125", PaymentStatus.REVERTED, false)), NOW);
        assertThat(reverted.status()).isEqualTo(InvoiceStatus.INVALID);
        assertThat(reverted.amountPaid().isZero()).isTrue();
        Invoice remined = InvoiceSettlement.settle(reverted, List.of(chain("0.0125", PaymentStatus.REVERTED, false),
                chain("0.0125", PaymentStatus.PENDING, false)), NOW);
        assertThat(remined.status()).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(remined.amountPaid()).isEqualTo(Money.parse("25.00", "USD"));
    }

    @Test
    void shouldCountACardOnlyOnceConfirmedAndNeverInvalidateForADecline() {
        Invoice pending = InvoiceSettlement.settle(invoice(InvoiceStatus.OPEN, "0"), List.of(card(PaymentStatus.PENDING)), NOW);
        assertThat(pending.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(InvoiceSettlement.settle(pending, List.of(card(PaymentStatus.FAILED)), NOW).status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(InvoiceSettlement.settle(pending, List.of(card(PaymentStatus.CONFIRMED)), NOW).status()).isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void shouldKeepACancelledOrMarkedInvoiceAsItIs() {
        Invoice cancelled = invoice(InvoiceStatus.CANCELLED, "0");
        assertThat(InvoiceSettlement.settle(cancelled, List.of(chain("0.0125", PaymentStatus.CONFIRMED, false)), NOW).status())
                .isEqualTo(InvoiceStatus.CANCELLED);
    }

    @Test
    void shouldRefuseMovesTheTransitionTableDoesNotHave() {
        assertThatThrownBy(() -> InvoiceStatus.PROCESSING.moveTo(InvoiceStatus.CANCELLED)).isInstanceOf(DomainException.class)
                .hasMessageContaining("processing cannot become cancelled");
        assertThatThrownBy(() -> InvoiceStatus.CANCELLED.moveTo(InvoiceStatus.PAID)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> InvoiceStatus.PAID.moveTo(InvoiceStatus.OPEN)).isInstanceOf(DomainException.class);
        assertThat(InvoiceStatus.EXPIRED.canMoveTo(InvoiceStatus.PAID)).isTrue();
        assertThat(PaymentStatus.CONFIRMED.canMoveTo(PaymentStatus.PENDING)).isFalse();
        assertThat(PaymentStatus.CONFIRMED.canMoveTo(PaymentStatus.REVERTED)).isTrue();
    }
}
