package io.paygrid.payment.refund;

import java.time.Instant;

/** A refund as the API and refund.* events show it; {@code payout_*} is what the ledger takes from the wallet. */
public record RefundView(String id, String object, String invoiceId, String merchantId, String amount, String currency,
                         String method, String network, String payoutAmount, String payoutCurrency,
                         String destinationAddress, String txHash, String reason, String status, String errorCode,
                         Instant createdAt, boolean livemode) {

    public static RefundView of(Refund r) {
        return new RefundView(r.id(), "refund", r.invoiceId(), r.merchantId(), r.amount().format(), r.amount().currency(),
                r.method(), r.network(), r.payout().format(), r.payout().currency(), r.destinationAddress(), r.txHash(),
                r.reason(), r.status().api(), r.errorCode(), r.createdAt(), "live".equals(r.mode()));
    }
}
