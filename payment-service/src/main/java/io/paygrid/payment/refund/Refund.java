package io.paygrid.payment.refund;

import io.paygrid.platform.money.Money;

import java.time.Instant;

/**
 * Money given back against a paid invoice: {@code amount} in the invoice's currency, {@code payout} what leaves
 * the merchant (the same for card/UPI; the coin the invoice was paid in, at the payment's rate, on-chain).
 */
public record Refund(String id, String merchantId, String invoiceId, String mode, Money amount, String method,
                     String network, Money payout, String destinationAddress, String txHash, String reason,
                     RefundStatus status, String errorCode, Instant createdAt) {

    public Refund withStatus(RefundStatus next, String newTxHash, String newErrorCode) {
        return new Refund(id, merchantId, invoiceId, mode, amount, method, network, payout, destinationAddress, newTxHash,
                reason, status.moveTo(next), newErrorCode, createdAt);
    }

    public boolean isCrypto() {
        return network != null;
    }
}
