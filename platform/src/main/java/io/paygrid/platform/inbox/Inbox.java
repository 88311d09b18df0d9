package io.paygrid.platform.inbox;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Exactly-once effects from at-least-once delivery: the event id is recorded in the same transaction
 * as its effect, and an event already recorded for this consumer is skipped.
 */
public final class Inbox {

    private static final String RECORD = "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

    private Inbox() {
    }

    /**
     * Runs {@code effect} unless {@code consumer} already applied {@code eventId}; must be called inside the
     * transaction that the effect writes in. Emits true when the effect ran, false for a repeat.
     */
    public static Uni<Boolean> applyOnce(SqlClient transaction, String consumer, String eventId, Supplier<Uni<Void>> effect) {
        return transaction.preparedQuery(RECORD).execute(Tuple.of(consumer, eventId))
                .flatMap(result -> result.rowCount() == 1
                        ? effect.get().replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    /**
     * Every consumer's policy for a failure that is left once the permanent ones were parked or skipped: it is
     * transient (a database down, a lost race), so the event is held back and tried again, with backoff up to 30 s,
     * for as long as it takes, never dropped; each failed try is logged, so a stalled partition shows. Use with
     * {@code uni.plug(Inbox.untilApplied(consumer, eventId))}.
     */
    public static <T> Function<Uni<T>, Uni<T>> untilApplied(String consumer, String eventId) {
        return work -> work
                .onFailure().invoke(failure -> {
                    HeldBackEvents.failed(consumer, eventId);
                    Log.warnf("%s could not apply event %s yet, will retry: %s", consumer, eventId, failure.getMessage());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .onTermination().invoke(() -> HeldBackEvents.settled(consumer, eventId));
    }
}
