package io.paygrid.platform.contract;

import java.math.BigDecimal;
import java.util.Set;

/**
 * The part of {@code payment.events.v1} that other services act on: payments and refunds as
 * payment-service records them. Producers may add fields; consumers ignore what they do not know.
 */
public final class PaymentEvents {

    public static final String PAYMENT_CREATED = "payment.created";
    public static final String PAYMENT_CONFIRMED = "payment.confirmed";
    public static final String PAYMENT_FAILED = "payment.failed";
    public static final String PAYMENT_REVERTED = "payment.reverted";
    public static final String REFUND_CREATED = "refund.created";
    public static final String REFUND_SUCCEEDED = "refund.succeeded";
    public static final String REFUND_FAILED = "refund.failed";

    /** A pending chain payment is one block deeper: no money moved, the ledger has nothing to do. */
    public static final String PAYMENT_CONFIRMATIONS_CHANGED = "payment.confirmations_changed";

    /** Facts on the topic that change no balance: consumers that keep money skip them quietly. */
    public static final Set<String> LEDGER_NEUTRAL_TYPES = Set.of(PAYMENT_CONFIRMATIONS_CHANGED);

    public static final Set<String> PAYMENT_TYPES = Set.of(PAYMENT_CREATED, PAYMENT_CONFIRMED, PAYMENT_FAILED,
            PAYMENT_REVERTED);
    public static final Set<String> REFUND_TYPES = Set.of(REFUND_CREATED, REFUND_SUCCEEDED, REFUND_FAILED);

    private PaymentEvents() {
    }

    /**
     * {@code data} of payment.*: the payment after the change. {@code amount} is in {@code currency}, the
     * currency that moved (ETH for an ETH payment of a USD invoice); {@code network} is null for card and UPI.
     */
    public record PaymentData(String id, String invoiceId, String merchantId, String method, String network,
                              String currency, BigDecimal amount, String status) {
    }

    /**
     * {@code data} of refund.*: the refund after the change. Its {@code amount} is in the invoice's currency; what
     * leaves the merchant's wallet is {@code payoutAmount} of {@code payoutCurrency} (ETH for an ETH-paid USD
     * invoice; {@code network} null for card and UPI).
     */
    public record RefundData(String id, String invoiceId, String merchantId, String network, String payoutCurrency,
                             BigDecimal payoutAmount, String status) {
    }
}
