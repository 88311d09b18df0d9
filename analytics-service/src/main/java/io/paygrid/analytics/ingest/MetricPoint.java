package io.paygrid.analytics.ingest;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One fact an event carries, for one metric: its value (an amount, or a duration), whose and when. A weight of -1
 * takes back an earlier point of the same subject (a confirmed payment that a reorg removed).
 */
public record MetricPoint(String eventId, String metric, String merchantId, String mode, String currency, String method,
                          String subject, BigDecimal value, int weight, Instant occurredAt) {
}
