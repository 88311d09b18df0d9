package io.paygrid.payment.refund;

import io.paygrid.payment.PaymentError;
import io.paygrid.platform.error.DomainException;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** pending → processing → succeeded | failed; a refund may also succeed or fail straight from pending. */
public enum RefundStatus {
    PENDING, PROCESSING, SUCCEEDED, FAILED;

    private static final Map<RefundStatus, Set<RefundStatus>> MOVES = new EnumMap<>(RefundStatus.class);

    static {
        MOVES.put(PENDING, EnumSet.of(PROCESSING, SUCCEEDED, FAILED));
        MOVES.put(PROCESSING, EnumSet.of(SUCCEEDED, FAILED));
        MOVES.put(SUCCEEDED, EnumSet.noneOf(RefundStatus.class));
        MOVES.put(FAILED, EnumSet.noneOf(RefundStatus.class));
    }

    public static RefundStatus of(String api) {
        return valueOf(api.toUpperCase(Locale.ROOT));
    }

    public String api() {
        return name().toLowerCase(Locale.ROOT);
    }

    public RefundStatus moveTo(RefundStatus next) {
        if (!MOVES.get(this).contains(next)) {
            throw new DomainException(PaymentError.INVALID_STATE, "A refund that is " + api() + " cannot become " + next.api() + ".");
        }
        return next;
    }
}
