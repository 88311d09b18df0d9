package io.paygrid.platform.inbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

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
}
