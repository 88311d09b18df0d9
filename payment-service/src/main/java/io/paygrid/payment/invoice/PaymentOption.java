package io.paygrid.payment.invoice;

import java.math.BigDecimal;
import java.time.Instant;

/** A crypto way to pay an invoice: the address wallet-service leased and the amount due at the locked rate. */
public record PaymentOption(String method, String network, String currency, String address, BigDecimal amount,
                            BigDecimal rate, String rateId, Instant rateExpiresAt, String paymentUri,
                            int requiredConfirmations, String leaseId) {
}
