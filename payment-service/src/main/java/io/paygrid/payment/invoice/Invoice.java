package io.paygrid.payment.invoice;

import io.paygrid.platform.money.Money;

import java.time.Instant;
import java.util.Map;

/** An invoice as stored; amounts are exact decimals of {@code amount}'s currency. */
public record Invoice(String id, String merchantId, String mode, String status, String exception, Money amount,
                      Money amountPaid, Money amountRefunded, String orderId, String description,
                      Map<String, Object> metadata, Instant expiresAt, Instant createdAt) {

    public Money amountDue() {
        return amountPaid.exceeds(amount) ? Money.zero(amount.currency()) : amount.minus(amountPaid);
    }
}
