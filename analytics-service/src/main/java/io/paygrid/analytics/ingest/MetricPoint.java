package io.paygrid.analytics.ingest;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One fact an event carries, for one metric: its value (an amount, or a duration), whose and when. A weight of -1
 * takes back an earlier point of the same subject (a confirmed payment that a reorg removed). A point can also stand
 * for {@code count} facts reported together: then {@code value} is their total, {@code min} and {@code max} the
 * smallest and largest one.
 */
public record MetricPoint(String eventId, String metric, String merchantId, String mode, String currency, String method,
                          String subject, BigDecimal value, int weight, Instant occurredAt, long count, BigDecimal min,
                          BigDecimal max) {

    /** A single fact. */
    public MetricPoint(String eventId, String metric, String merchantId, String mode, String currency, String method,
                       String subject, BigDecimal value, int weight, Instant occurredAt) {
        this(eventId, metric, merchantId, mode, currency, method, subject, value, weight, occurredAt, 1, value, value);
    }
}
