package io.paygrid.payment.payment;

import java.time.Instant;

/** A payment as the API and payment.* events show it; card payments show only the last four digits and the network. */
public record PaymentView(String id, String object, String invoiceId, String merchantId, String method, String network,
                          String currency, String amount, String amountCredited, String txHash, Long logIndex,
                          Long blockNumber, Integer confirmations, Integer requiredConfirmations, String status,
                          String fromAddress, String cardLast4, String cardNetwork, String vpa, String errorCode,
                          boolean late, Instant detectedAt, Instant createdAt, boolean livemode) {

    public static PaymentView of(Payment p) {
        return new PaymentView(p.id(), "payment", p.invoiceId(), p.merchantId(), p.method(), p.network(), p.amount().currency(),
                p.amount().format(), p.credited().format(), p.txHash(), p.logIndex(), p.blockNumber(), p.confirmations(),
                p.requiredConfirmations(), p.status().api(), p.fromAddress(), p.cardLast4(), p.cardNetwork(), p.vpa(),
                p.errorCode(), p.late(), p.detectedAt(), p.createdAt(), "live".equals(p.mode()));
    }
}
