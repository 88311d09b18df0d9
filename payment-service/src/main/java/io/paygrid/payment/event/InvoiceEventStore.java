package io.paygrid.payment.event;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.outbox.Outbox;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The invoices' event store: each change appended with its version in the transaction that makes it. The same
 * event, same id, goes into the outbox of {@code payment.events.v1}, so what is published is exactly the
 * history, and the history is the invoice's audit trail. Partitioned by month; partitions are made ahead.
 */
@ApplicationScoped
public class InvoiceEventStore {

    public static final int MONTHS_AHEAD = 3;

    private static final String APPEND = "INSERT INTO invoice_events (event_id, aggregate_id, merchant_id, version, type, "
            + "data, metadata, occurred_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8)";
    private static final String HISTORY = "SELECT event_id, version, type, data::text AS data, metadata::text AS metadata, "
            + "occurred_at FROM invoice_events WHERE aggregate_id = $1 AND merchant_id = $2 ORDER BY version";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ShardRouter router;
    private final String source;

    InvoiceEventStore(ShardRouter router, PlatformConfig config) {
        this.router = router;
        this.source = "/" + config.serviceName();
    }

    /** Appends every event of {@code history} and its outbox copy; the caller has moved the row's version. */
    public Uni<Void> append(SqlConnection tx, InvoiceHistory history) {
        List<Tuple> rows = new ArrayList<>();
        List<CloudEvent> published = new ArrayList<>();
        long version = history.expectedVersion();
        String metadata = EventJson.writeValue(history.metadata());
        for (InvoiceHistory.Pending pending : history.events()) {
            version++;
            JsonNode data = EventJson.toTree(pending.data());
            CloudEvent event = CloudEvent.of(pending.type(), source, history.merchantId(), history.invoiceId(), data);
            published.add(event);
            rows.add(Tuple.of(event.id(), history.invoiceId(), history.merchantId(), version, event.type(), data.toString())
                    .addValue(metadata).addValue(event.time().atOffset(ZoneOffset.UTC)));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(APPEND).executeBatch(rows)
                .flatMap(ignored -> Multi.createFrom().iterable(published)
                        .onItem().transformToUniAndConcatenate(event -> Outbox.append(tx, Topics.PAYMENT_EVENTS, event))
                        .collect().last().replaceWithVoid());
    }

    public Uni<List<StoredEvent>> history(String merchantId, String invoiceId) {
        return router.poolFor(merchantId).preparedQuery(HISTORY).execute(Tuple.of(invoiceId, merchantId)).map(rows -> {
            List<StoredEvent> events = new ArrayList<>();
            for (Row row : rows) {
                events.add(new StoredEvent(row.getString("event_id"), "invoice_event", invoiceId, row.getLong("version"),
                        row.getString("type"), EventJson.readTree(row.getString("data")),
                        EventJson.readValue(row.getString("metadata"), MAP),
                        row.getOffsetDateTime("occurred_at").toInstant()));
            }
            return events;
        });
    }

    void createPartitionsAtStart(@Observes StartupEvent start) {
        ensurePartitions().await().indefinitely();
    }

    @Scheduled(every = "12h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> ensurePartitions() {
        return Multi.createFrom().iterable(router.shards())
                .onItem().transformToUniAndConcatenate(shard -> shard.pool()
                        .preparedQuery("SELECT ensure_invoice_event_partitions($1) AS created").execute(Tuple.of(MONTHS_AHEAD))
                        .invoke(rows -> {
                            int created = rows.iterator().next().getInteger("created");
                            if (created > 0) {
                                Log.infof("Created %d monthly invoice_events partition(s) on shard %d", created, shard.index());
                            }
                        })
                        .onFailure().recoverWithItem(failure -> {
                            Log.warnf("Could not create invoice_events partitions on shard %d, will retry: %s",
                                    shard.index(), failure.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    /** One entry of {@code GET /v1/invoices/{id}/events}. */
    public record StoredEvent(String id, String object, String invoiceId, long version, String type, JsonNode data,
                              Map<String, Object> metadata, Instant occurredAt) {
    }
}
