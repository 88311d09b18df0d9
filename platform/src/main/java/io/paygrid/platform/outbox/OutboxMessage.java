package io.paygrid.platform.outbox;

/** One outbox row on its way to Kafka. */
public record OutboxMessage(long seq, String eventId, String topic, String key, String eventType, String payload) {
}
