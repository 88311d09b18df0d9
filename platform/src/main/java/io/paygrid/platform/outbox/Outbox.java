package io.paygrid.platform.outbox;

import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes events into the outbox table inside the caller's transaction. Never publishes: the
 * {@link OutboxRelay} does that after commit, so an event exists if and only if its change does.
 */
public final class Outbox {

    static final String INSERT = "INSERT INTO outbox (event_id, topic, message_key, event_type, payload) "
            + "VALUES ($1, $2, $3, $4, $5)";
    private static final String INSERT_NATIVE = "INSERT INTO outbox (event_id, topic, message_key, event_type, payload) "
            + "VALUES (?1, ?2, ?3, ?4, ?5)";

    private Outbox() {
    }

    /** Appends within a transaction of the reactive SQL client (sharded repositories). */
    public static Uni<Void> append(SqlClient transaction, String topic, CloudEvent event) {
        return transaction.preparedQuery(INSERT)
                .execute(Tuple.of(event.id(), topic, keyOf(event), event.type(), EventJson.write(event)))
                .replaceWithVoid();
    }

    /** Appends within a Hibernate Reactive session's transaction (Panache, global tables). */
    public static Uni<Void> append(Mutiny.Session session, String topic, CloudEvent event) {
        return session.createNativeQuery(INSERT_NATIVE)
                .setParameter(1, event.id())
                .setParameter(2, topic)
                .setParameter(3, keyOf(event))
                .setParameter(4, event.type())
                .setParameter(5, EventJson.write(event))
                .executeUpdate()
                .replaceWithVoid();
    }

    private static String keyOf(CloudEvent event) {
        if (event.merchantId() == null || event.merchantId().isBlank()) {
            throw new IllegalArgumentException("Event " + event.type() + " has no merchant id to key it by");
        }
        return event.merchantId();
    }
}
