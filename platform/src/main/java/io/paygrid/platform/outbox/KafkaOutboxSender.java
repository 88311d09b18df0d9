package io.paygrid.platform.outbox;

import io.paygrid.platform.config.PlatformConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;

/**
 * Sends outbox rows through the {@code paygrid-outbox} Kafka channel (acks=all, idempotent producer),
 * each to its own topic, keyed by merchant id, as a structured-mode CloudEvent.
 */
@ApplicationScoped
public class KafkaOutboxSender implements OutboxSender {

    public static final String CHANNEL = "paygrid-outbox";

    private final MutinyEmitter<String> emitter;
    private final PlatformConfig config;

    KafkaOutboxSender(@Channel(CHANNEL) MutinyEmitter<String> emitter, PlatformConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    @Override
    public Uni<Void> send(OutboxMessage message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", message.eventType().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", message.eventId().getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(message.topic())
                .withKey(message.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(message.payload(), Metadata.of(metadata)))
                .ifNoItem().after(config.outbox().sendTimeout()).fail();
    }
}
