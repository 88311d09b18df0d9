package io.paygrid.webhook.delivery;

import java.time.Instant;

/** One event on its way to one endpoint: pending → sent, or retrying until sent or failed. */
public record Delivery(String id, String merchantId, String endpointId, String eventId, String eventType, String status,
                       int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt) {
}
