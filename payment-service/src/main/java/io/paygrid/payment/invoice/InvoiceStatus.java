package io.paygrid.payment.invoice;

import io.paygrid.payment.PaymentError;
import io.paygrid.platform.error.DomainException;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An invoice's status and the moves between them, as data. A move to the same status is allowed where the
 * status can change its exception or amounts (a second payment on a paid invoice makes it overpaid).
 */
public enum InvoiceStatus {
    OPEN, PROCESSING, PAID, EXPIRED, CANCELLED, INVALID;

    private static final Map<InvoiceStatus, Set<InvoiceStatus>> MOVES = new EnumMap<>(InvoiceStatus.class);

    static {
        MOVES.put(OPEN, EnumSet.of(OPEN, PROCESSING, PAID, EXPIRED, CANCELLED));
        MOVES.put(PROCESSING, EnumSet.of(PROCESSING, PAID, EXPIRED, INVALID));
        // A reorg can take a payment away from a paid invoice.
        MOVES.put(PAID, EnumSet.of(PAID, PROCESSING, INVALID));
        // A payment after expiry (paid_late), or one that was mined again after a reorg.
        MOVES.put(EXPIRED, EnumSet.of(EXPIRED, PROCESSING, PAID));
        MOVES.put(INVALID, EnumSet.of(INVALID, PROCESSING, PAID));
        MOVES.put(CANCELLED, EnumSet.of(CANCELLED));
    }

    public static InvoiceStatus of(String api) {
        return valueOf(api.toUpperCase(Locale.ROOT));
    }

    public String api() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean canMoveTo(InvoiceStatus next) {
        return MOVES.get(this).contains(next);
    }

    /** Throws 409 invalid_state unless the table allows the move. */
    public InvoiceStatus moveTo(InvoiceStatus next) {
        if (!canMoveTo(next)) {
            throw new DomainException(PaymentError.INVALID_STATE,
                    "An invoice that is " + api() + " cannot become " + next.api() + ".");
        }
        return next;
    }

    /** Still waiting for money: payments are expected and the expiry job looks at it. */
    public boolean isAwaitingPayment() {
        return this == OPEN || this == PROCESSING;
    }
}
