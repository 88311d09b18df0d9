package io.paygrid.payment.invoice;

import io.paygrid.platform.money.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An invoice as stored. {@code amountPaid} is what its live payments (seen, confirmed or not) are worth in
 * the invoice's currency; {@code amountConfirmed} the confirmed part, which is what can be refunded.
 */
public record Invoice(String id, String merchantId, String mode, InvoiceStatus status, ExceptionStatus exception,
                      Money amount, Money amountPaid, Money amountConfirmed, Money amountRefunded, String orderId,
                      String description, Map<String, Object> metadata, String customerId, List<String> paymentMethods,
                      BigDecimal tolerancePercent, String redirectUrl, String note, Instant expiresAt, Instant createdAt,
                      Instant paidAt, long version, List<PaymentOption> options) {

    public Money amountDue() {
        return amountPaid.exceeds(amount) ? Money.zero(amount.currency()) : amount.minus(amountPaid);
    }

    public String currency() {
        return amount.currency();
    }

    public boolean isTest() {
        return "test".equals(mode);
    }

    public Optional<PaymentOption> option(String method) {
        return options.stream().filter(o -> o.method().equals(method)).findFirst();
    }

    public Invoice withOptions(List<PaymentOption> newOptions) {
        return new Invoice(id, merchantId, mode, status, exception, amount, amountPaid, amountConfirmed, amountRefunded,
                orderId, description, metadata, customerId, paymentMethods, tolerancePercent, redirectUrl, note, expiresAt,
                createdAt, paidAt, version, List.copyOf(newOptions));
    }

    /** This invoice after a change of status and money; {@code paidAt} is set the first time it becomes paid. */
    public Invoice settled(InvoiceStatus newStatus, ExceptionStatus newException, Money paid, Money confirmed, Instant now) {
        Instant newPaidAt = newStatus == InvoiceStatus.PAID && paidAt == null ? now : paidAt;
        return new Invoice(id, merchantId, mode, status.moveTo(newStatus), newException, amount, paid, confirmed,
                amountRefunded, orderId, description, metadata, customerId, paymentMethods, tolerancePercent, redirectUrl,
                note, expiresAt, createdAt, newPaidAt, version, options);
    }

    public Invoice withNote(String newNote) {
        return new Invoice(id, merchantId, mode, status, exception, amount, amountPaid, amountConfirmed, amountRefunded,
                orderId, description, metadata, customerId, paymentMethods, tolerancePercent, redirectUrl, newNote, expiresAt,
                createdAt, paidAt, version, options);
    }

    public Invoice withRefunded(Money refunded) {
        return new Invoice(id, merchantId, mode, status, exception, amount, amountPaid, amountConfirmed, refunded,
                orderId, description, metadata, customerId, paymentMethods, tolerancePercent, redirectUrl, note, expiresAt,
                createdAt, paidAt, version, options);
    }

    /** Did anything a merchant sees change between {@code before} and this? */
    public boolean differsFrom(Invoice before) {
        return status != before.status || exception != before.exception || !amountPaid.equals(before.amountPaid)
                || !amountConfirmed.equals(before.amountConfirmed) || !amountRefunded.equals(before.amountRefunded)
                || !java.util.Objects.equals(note, before.note);
    }
}
