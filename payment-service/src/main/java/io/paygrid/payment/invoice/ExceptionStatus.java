package io.paygrid.payment.invoice;

import java.util.Locale;

/** The invoice's {@code exception}: what about its payment is not as asked. */
public enum ExceptionStatus {
    NONE, UNDERPAID, OVERPAID, PAID_LATE, MARKED;

    public static ExceptionStatus of(String api) {
        return valueOf(api.toUpperCase(Locale.ROOT));
    }

    public String api() {
        return name().toLowerCase(Locale.ROOT);
    }
}
