package io.paygrid.payment.payment;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A payment's status and its moves: pending → confirmed | failed | reverted, and a confirmed one can be reorged away. */
public enum PaymentStatus {
    PENDING, CONFIRMED, FAILED, REVERTED;

    private static final Map<PaymentStatus, Set<PaymentStatus>> MOVES = new EnumMap<>(PaymentStatus.class);

    static {
        MOVES.put(PENDING, EnumSet.of(CONFIRMED, FAILED, REVERTED));
        MOVES.put(CONFIRMED, EnumSet.of(REVERTED));
        MOVES.put(FAILED, EnumSet.noneOf(PaymentStatus.class));
        MOVES.put(REVERTED, EnumSet.noneOf(PaymentStatus.class));
    }

    public static PaymentStatus of(String api) {
        return valueOf(api.toUpperCase(Locale.ROOT));
    }

    public String api() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean canMoveTo(PaymentStatus next) {
        return MOVES.get(this).contains(next);
    }

    /** Counts toward the invoice: seen and not taken back. */
    public boolean isLive() {
        return this == PENDING || this == CONFIRMED;
    }
}
