package io.paygrid.analytics.timeseries;

import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.money.CurrencyPrecision;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** A validated [from, to) of an analytics request: RFC 3339 times, from before to, not wider than allowed. */
public record TimeRange(Instant from, Instant to) {

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    public static TimeRange of(String from, String to, Duration defaultSpan, Duration maxSpan) {
        Instant end = to == null ? Instant.now() : parse("to", to);
        Instant start = from == null ? end.minus(defaultSpan) : parse("from", from);
        if (!start.isBefore(end)) {
            throw invalid("from", "from must be before to.");
        }
        if (Duration.between(start, end).compareTo(maxSpan) > 0) {
            throw invalid("from", "The range covers at most " + maxSpan.toDays() + " days.");
        }
        return new TimeRange(start, end);
    }

    /** This range widened to whole buckets: from rounded down, to rounded up, so no partial bucket is cut off. */
    public TimeRange aligned(java.time.temporal.ChronoUnit unit) {
        Instant start = from.truncatedTo(unit);
        Instant end = to.truncatedTo(unit);
        return new TimeRange(start, end.equals(to) ? end : end.plus(1, unit));
    }

    /**
     * The mode asked about: a key's own; an admin or operator may say {@code livemode=true} (test otherwise), since
     * their credentials belong to no mode.
     */
    public static String mode(io.paygrid.platform.auth.Caller caller, String livemode) {
        boolean staff = caller.isAdmin() || caller.isPlatformWide();
        if (livemode == null || !staff) {
            return caller.mode();
        }
        if (!livemode.equals("true") && !livemode.equals("false")) {
            throw invalid("livemode", "livemode must be true or false.");
        }
        return livemode.equals("true") ? "live" : "test";
    }

    /** An optional currency code, upper-cased; 400 if PayGrid does not know it. */
    public static String currency(String currency) {
        if (currency == null) {
            return null;
        }
        String code = currency.toUpperCase(Locale.ROOT);
        if (!CurrencyPrecision.isKnown(code)) {
            throw invalid("currency", "Currency is not supported.");
        }
        return code;
    }

    private static Instant parse(String field, String value) {
        Instant time;
        try {
            time = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field, field + " must be an RFC 3339 UTC time such as 2026-01-31T00:00:00Z.");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw invalid(field, field + " must be between 2000 and 2100.");
        }
        return time;
    }

    static DomainException invalid(String field, String detail) {
        return new DomainException(CommonError.VALIDATION_FAILED, detail).onField(field);
    }
}
