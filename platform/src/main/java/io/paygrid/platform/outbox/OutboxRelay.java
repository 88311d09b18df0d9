package io.paygrid.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka, in order, and marks each one sent only after the broker's
 * ack. One relay at a time works a database (a transaction-scoped advisory lock, with the batch's rows
 * also locked {@code FOR UPDATE SKIP LOCKED}), so replicas can all run it and one merchant's events keep
 * their order; databases are worked independently. A crash between send and mark re-sends the row:
 * delivery is at-least-once and consumers dedupe by event id through the inbox.
 */
@ApplicationScoped
public class OutboxRelay {

    /** "PayGrid" + 0x01 as a number: the advisory lock that serialises relays on one database. */
    static final long RELAY_LOCK = 0x5061794772696401L;

    private static final String CLAIM = "SELECT seq, event_id, topic, message_key, event_type, payload FROM outbox "
            + "WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED";
    private static final String MARK_SENT = "UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL "
            + "WHERE seq = ANY($1)";
    private static final String MARK_FAILED = "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1";

    private final ShardRouter router;
    private final OutboxSender sender;
    private final PlatformConfig config;
    /** Per database: its unpublished rows (measured), rows published and failed sends, tagged {@code database}. */
    private final Map<Pool, Meters> meters = new IdentityHashMap<>();
    private final Vertx vertx;
    private final boolean schedulerEnabled;
    private final AtomicBoolean passRunning = new AtomicBoolean();
    private volatile boolean stopping;
    private long timer = -1;

    OutboxRelay(ShardRouter router, OutboxSender sender, PlatformConfig config, MeterRegistry registry, Vertx vertx,
                @ConfigProperty(name = "quarkus.scheduler.enabled", defaultValue = "true") boolean schedulerEnabled) {
        this.router = router;
        this.vertx = vertx;
        this.schedulerEnabled = schedulerEnabled;
        this.sender = sender;
        this.config = config;
        List<Pool> databases = router.allDatabases();
        for (int i = 0; i < databases.size(); i++) {
            String database = i == 0 ? "main" : "shard-" + (i - 1);
            AtomicLong backlog = new AtomicLong();
            Gauge.builder("paygrid.outbox.backlog", backlog, AtomicLong::get)
                    .description("Outbox rows committed but not yet acknowledged by Kafka")
                    .tag("database", database).register(registry);
            meters.put(databases.get(i), new Meters(backlog,
                    Counter.builder("paygrid.outbox.published").tag("database", database).register(registry),
                    Counter.builder("paygrid.outbox.send.failures").tag("database", database).register(registry)));
        }
    }

    private record Meters(AtomicLong backlog, Counter published, Counter failures) {
    }

    /**
     * A Vert.x timer rather than {@code @Scheduled}: Quarkus' scheduler runs nothing more often than once a second,
     * and every hop between services waits for a relay pass. It starts after the StartupEvent's migrations
     * (ShardRouter's observer) and the messaging channels are wired, so a pass never meets a missing table, and it
     * follows {@code quarkus.scheduler.enabled} like every other background job (tests that drive the relay by hand).
     */
    void start(@Observes @Priority(2000) StartupEvent start) {
        if (schedulerEnabled) {
            timer = vertx.setPeriodic(config.outbox().pollInterval().toMillis(), id -> poll());
        }
    }

    private void poll() {
        if (stopping || !passRunning.compareAndSet(false, true)) {
            return;
        }
        relayAll().onTermination().invoke(() -> passRunning.set(false))
                .subscribe().with(sent -> { }, failure -> Log.warnf("Outbox relay pass failed, will retry: %s", failure.getMessage()));
    }

    void stop(@Observes @Priority(1) ShutdownEvent shutdown) {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Publishes everything pending in every database; the number of rows marked sent. */
    public Uni<Integer> relayAll() {
        return Multi.createFrom().iterable(router.allDatabases())
                .onItem().transformToUniAndConcatenate(db -> relayDatabase(db, sender)
                        .onFailure().recoverWithItem(failure -> {
                            Log.warnf("Outbox relay pass failed, will retry: %s", failure.getMessage());
                            return 0;
                        }))
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    /** Drains one database, batch after batch, with the given sender. */
    public Uni<Integer> relayDatabase(Pool database, OutboxSender via) {
        return relayBatch(database, via).flatMap(sent -> sent < config.outbox().batchSize() || sent == 0
                ? Uni.createFrom().item(sent)
                : relayDatabase(database, via).map(more -> sent + more));
    }

    /** One transaction: claim a batch, send it in order, mark what the broker acknowledged. */
    public Uni<Integer> relayBatch(Pool database, OutboxSender via) {
        return database.withTransaction(tx -> tx.query("SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ")").execute()
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? claimAndSend(tx, via, meters.get(database))
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> claimAndSend(SqlConnection tx, OutboxSender via, Meters counted) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(config.outbox().batchSize()))
                .flatMap(rows -> {
                    List<OutboxMessage> batch = new ArrayList<>();
                    for (Row row : rows) {
                        batch.add(new OutboxMessage(row.getLong("seq"), row.getString("event_id"), row.getString("topic"),
                                row.getString("message_key"), row.getString("event_type"), row.getString("payload")));
                    }
                    return batch.isEmpty() ? Uni.createFrom().item(0) : sendInOrder(tx, batch, via, counted);
                });
    }

    private Uni<Integer> sendInOrder(SqlConnection tx, List<OutboxMessage> batch, OutboxSender via, Meters counted) {
        List<Long> acknowledged = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (OutboxMessage message : batch) {
            chain = chain.chain(() -> via.send(message).invoke(() -> acknowledged.add(message.seq())));
        }
        return chain.onItemOrFailure().transformToUni((ignored, failure) -> {
            Uni<Void> marked = markSent(tx, acknowledged, counted);
            if (failure == null) {
                return marked.map(v -> acknowledged.size());
            }
            if (counted != null) {
                counted.failures().increment();
            }
            OutboxMessage failed = batch.get(acknowledged.size());
            Log.warnf("Outbox event %s (%s) not acknowledged, will retry: %s",
                    failed.eventId(), failed.eventType(), failure.getMessage());
            String error = String.valueOf(failure.getMessage());
            return marked
                    .chain(() -> tx.preparedQuery(MARK_FAILED)
                            .execute(Tuple.of(failed.seq(), error.length() > 500 ? error.substring(0, 500) : error)))
                    .map(r -> acknowledged.size());
        });
    }

    private Uni<Void> markSent(SqlConnection tx, List<Long> acknowledged, Meters counted) {
        if (acknowledged.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (counted != null) {
            counted.published().increment(acknowledged.size());
        }
        return tx.preparedQuery(MARK_SENT).execute(Tuple.of(acknowledged.toArray(new Long[0]))).replaceWithVoid();
    }

    @Scheduled(every = "10s", delayed = "2s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measureBacklog() {
        return Multi.createFrom().iterable(meters.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> entry.getKey()
                        .query("SELECT count(*) FROM outbox WHERE published_at IS NULL").execute()
                        .invoke(rows -> entry.getValue().backlog().set(rows.iterator().next().getLong(0)))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgePublished() {
        double seconds = config.outbox().retention().toSeconds();
        return router.onEveryDatabase("Purging published outbox rows", db -> db
                .preparedQuery("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of(seconds)));
    }
}
