package io.paygrid.platform.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The events consumers of this process could not apply yet and keep retrying ({@link Inbox#untilApplied}), with
 * when each first failed. A consumer retrying one event holds back its whole partition, so this is what an operator
 * must see: as a metric and as a health check.
 */
public final class HeldBackEvents {

    private static final Map<Key, Instant> SINCE = new ConcurrentHashMap<>();

    private HeldBackEvents() {
    }

    /** One event of one consumer held back, and for how long. */
    public record Held(String consumer, String eventId, Duration age) {
    }

    private record Key(String consumer, String eventId) {
    }

    static void failed(String consumer, String eventId) {
        SINCE.putIfAbsent(new Key(consumer, eventId), Instant.now());
    }

    static void settled(String consumer, String eventId) {
        SINCE.remove(new Key(consumer, eventId));
    }

    public static List<Held> now() {
        Instant now = Instant.now();
        return SINCE.entrySet().stream()
                .map(entry -> new Held(entry.getKey().consumer(), entry.getKey().eventId(), Duration.between(entry.getValue(), now)))
                .toList();
    }

    /** How long the oldest held-back event has waited; zero when none is. */
    public static Duration oldest() {
        return now().stream().map(Held::age).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
