package io.paygrid.payment.payment;

import io.paygrid.platform.money.Money;

import java.time.Instant;

/**
 * One payment toward an invoice: a chain transfer into its address, or a test-mode card/UPI attempt.
 * {@code amount} is what moved; {@code credited} what it is worth in the invoice's currency. A payment is
 * {@code late} when it was seen after the invoice expired.
 */
public record Payment(String id, String merchantId, String invoiceId, String mode, String method, String network,
                      Money amount, Money credited, PaymentStatus status, String transferId, String txHash,
                      Long logIndex, Long blockNumber, Integer confirmations, Integer requiredConfirmations,
                      String fromAddress, String cardLast4, String cardNetwork, String vpa, String errorCode, boolean late,
                      Instant detectedAt, Instant createdAt) {

    public Payment withChainState(PaymentStatus newStatus, Integer newConfirmations) {
        return new Payment(id, merchantId, invoiceId, mode, method, network, amount, credited, newStatus, transferId,
                txHash, logIndex, blockNumber, newConfirmations, requiredConfirmations, fromAddress, cardLast4, cardNetwork,
                vpa, errorCode, late, detectedAt, createdAt);
    }

    public Payment withOutcome(PaymentStatus newStatus, String newErrorCode) {
        return new Payment(id, merchantId, invoiceId, mode, method, network, amount, credited, newStatus, transferId,
                txHash, logIndex, blockNumber, confirmations, requiredConfirmations, fromAddress, cardLast4, cardNetwork,
                vpa, newErrorCode, late, detectedAt, createdAt);
    }

    public boolean isChain() {
        return transferId != null;
    }
}
