package io.paygrid.platform.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * What a consumer sets aside rather than apply: a payload that is not a CloudEvent, or an event it cannot act on.
 * Each is logged at ERROR and counted in {@code paygrid.consumer.unreadable.events{consumer}}, so an operator sees it.
 */
public final class SkippedEvents {

    private final String consumer;
    private final String topic;
    private final Counter counter;

    public SkippedEvents(MeterRegistry registry, String consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
        this.counter = Counter.builder("paygrid.consumer.unreadable.events").tag("consumer", consumer)
                .description("Events a consumer could not read or act on, logged and skipped").register(registry);
    }

    /** The CloudEvent in the payload, or empty (logged and counted) when it is not one. */
    public Optional<CloudEvent> read(String payload) {
        try {
            return Optional.of(EventJson.read(payload));
        } catch (IllegalArgumentException e) {
            skip("an unreadable event", e.getMessage());
            return Optional.empty();
        }
    }

    public Uni<Void> skip(String what, String why) {
        counter.increment();
        Log.errorf("%s skipped %s on %s: %s", consumer, what, topic, why);
        return Uni.createFrom().voidItem();
    }
}
