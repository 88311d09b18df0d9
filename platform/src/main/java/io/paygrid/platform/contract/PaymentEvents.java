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
     * {@code data} of refund.*: the refund after the change, with the amount in the currency that is paid
     * back ({@code network} null for card and UPI).
     */
    public record RefundData(String id, String invoiceId, String merchantId, String network, String currency,
                             BigDecimal amount, String status) {
    }
}
