package io.paygrid.webhook.delivery;

import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.webhook.endpoint.WebhookEndpoint;
import io.paygrid.webhook.event.MerchantEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@ApplicationScoped
public class DeliveryRepository {

    /** Missed events queued by one re-enable; enabling again queues the next batch. */
    public static final int MAX_REPLAY = 10_000;

    private static final String COLUMNS = "d.id, d.merchant_id, d.endpoint_id, d.event_id, e.type AS event_type, d.status, "
            + "d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.created_at";
    private static final String FROM = " FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
            + "JOIN webhook_endpoints w ON w.id = d.endpoint_id ";
    private static final String INSERT = "INSERT INTO webhook_deliveries (id, merchant_id, endpoint_id, event_id, status, "
            + "next_attempt_at, created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, now(), now()) "
            + "ON CONFLICT (endpoint_id, event_id) DO NOTHING";
    /* Events taken in since the endpoint was disabled that it has no delivery of, oldest first, a bounded batch. */
    private static final String MISSED = "SELECT e.id, e.type FROM events e WHERE e.merchant_id = $1 AND e.mode = $2 "
            + "AND e.received_at >= $3 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = $4 AND d.event_id = e.id) "
            + "ORDER BY e.id LIMIT " + DeliveryRepository.MAX_REPLAY;
    /* Due deliveries of enabled endpoints, at most a few per endpoint, so one endpoint's backlog cannot hide the others'. */
    private static final String DUE = "SELECT id, endpoint_id FROM (SELECT d.id, d.endpoint_id, d.next_attempt_at, "
            + "row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at) AS place FROM webhook_deliveries d "
            + "JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.status = 'enabled' "
            + "WHERE d.status IN ('pending', 'retrying') AND d.next_attempt_at <= now() "
            + "AND (d.locked_until IS NULL OR d.locked_until < now())) due WHERE place <= $2 ORDER BY next_attempt_at LIMIT $1";
    /* The claim: only one instance's update matches a row that nobody holds; its token marks the lease as its own. */
    private static final String CLAIM = "UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => $2), "
            + "lease_token = $3 WHERE d.id = ANY($1) AND d.status IN ('pending', 'retrying') "
            + "AND (d.locked_until IS NULL OR d.locked_until < now()) "
            + "AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = d.endpoint_id AND w.status = 'enabled') RETURNING d.id";
    private static final String WORK = "SELECT d.id, d.merchant_id, d.endpoint_id, d.attempts, e.id AS event_id, e.mode, e.type, "
            + "e.data::text AS data, e.created_at FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = ANY($1)";
    private static final String FIND = "SELECT " + COLUMNS + FROM + "WHERE d.id = $1 AND d.merchant_id = $2 AND ($3::text IS NULL OR w.mode = $3)";
    private static final String LIST = "SELECT " + COLUMNS + FROM + "WHERE d.merchant_id = $1 AND w.mode = $2 "
            + "AND ($3::text IS NULL OR d.id < $3) AND ($4::text IS NULL OR d.endpoint_id = $4) AND ($5::text IS NULL OR d.status = $5) "
            + "ORDER BY d.id DESC LIMIT $6";
    private static final String SETTLE = "UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, "
            + "last_status_code = $5, last_error = $6, locked_until = NULL, lease_token = NULL, updated_at = now() "
            + "WHERE id = $1 AND lease_token = $7";
    private static final String ATTEMPT = "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, "
            + "response_body, error) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
    private static final String ATTEMPTS = "SELECT attempt, started_at, duration_ms, status_code, response_body, error "
            + "FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt";
    /* An attempt in flight keeps its lease: the redelivery follows it rather than racing it. */
    private static final String REDELIVER = "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), "
            + "updated_at = now() WHERE id = $1";

    private final ShardRouter router;

    DeliveryRepository(ShardRouter router) {
        this.router = router;
    }

    /** One pending delivery of the event per endpoint, persisted before any attempt; a repeat adds none. */
    public Uni<Void> createFor(SqlClient tx, MerchantEvent event, List<WebhookEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Tuple> rows = endpoints.stream().map(endpoint -> Tuple.of(Ids.newId(IdPrefix.WEBHOOK_DELIVERY), event.merchantId(),
                endpoint.id(), event.id(), now)).toList();
        return tx.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /** Queues to the endpoint, oldest first, the events of its subscription made since {@code since}. */
    public Uni<Void> replayMissed(SqlClient tx, WebhookEndpoint endpoint, Instant since) {
        return tx.preparedQuery(MISSED).execute(Tuple.of(endpoint.merchantId(), endpoint.mode(), since.atOffset(ZoneOffset.UTC),
                        endpoint.id()))
                .flatMap(rows -> {
                    List<Tuple> deliveries = new ArrayList<>();
                    OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC);
                    for (Row row : rows) {
                        if (endpoint.subscribesTo(row.getString("type"))) {
                            // One microsecond apart, so the dispatcher takes them in the events' order.
                            due = due.plusNanos(1000);
                            deliveries.add(Tuple.of(Ids.newId(IdPrefix.WEBHOOK_DELIVERY), endpoint.merchantId(), endpoint.id(),
                                    row.getString("id"), due));
                        }
                    }
                    return deliveries.isEmpty() ? Uni.createFrom().voidItem()
                            : tx.preparedQuery(INSERT).executeBatch(deliveries).replaceWithVoid();
                });
    }

    public Uni<List<Due>> due(SqlClient database, int limit, int perEndpoint) {
        return database.preparedQuery(DUE).execute(Tuple.of(limit, perEndpoint)).map(rows -> {
            List<Due> due = new ArrayList<>();
            rows.forEach(row -> due.add(new Due(row.getString("id"), row.getString("endpoint_id"))));
            return due;
        });
    }

    /** Takes these deliveries for {@code lease}; emits the ids this instance got. */
    public Uni<List<String>> claim(SqlClient database, List<String> ids, Duration lease, java.util.UUID token) {
        return database.preparedQuery(CLAIM).execute(Tuple.of(ids.toArray(String[]::new), (double) lease.toSeconds(), token))
                .map(rows -> {
                    List<String> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(row.getString("id")));
                    return claimed;
                });
    }

    /** What the dispatcher needs of claimed deliveries: each one's attempts so far and its event. */
    public Uni<List<Work>> work(SqlClient database, List<String> ids) {
        return database.preparedQuery(WORK).execute(Tuple.of(ids.toArray(String[]::new))).map(rows -> {
            List<Work> work = new ArrayList<>();
            for (Row row : rows) {
                work.add(new Work(row.getString("id"), row.getString("endpoint_id"), row.getInteger("attempts"),
                        new MerchantEvent(row.getString("event_id"), row.getString("merchant_id"), row.getString("mode"),
                                row.getString("type"), io.paygrid.platform.event.EventJson.readTree(row.getString("data")),
                                row.getOffsetDateTime("created_at").toInstant())));
            }
            return work;
        });
    }

    public Uni<Delivery> find(SqlClient client, String merchantId, String mode, String id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id, merchantId, mode))
                .map(rows -> toDeliveries(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("webhook delivery", id)));
    }

    public Uni<Delivery> find(String merchantId, String mode, String id) {
        return find(router.poolFor(merchantId), merchantId, mode, id);
    }

    public Uni<List<Delivery>> newestOfMerchant(String merchantId, String mode, String endpointId, String status, PageRequest page) {
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, mode, page.startingAfter().orElse(null), endpointId, status, page.fetchSize()));
        return router.poolFor(merchantId).preparedQuery(LIST).execute(args).map(DeliveryRepository::toDeliveries);
    }

    /** Emits false when this lease is no longer the delivery's (it ran out and another instance took it). */
    public Uni<Boolean> settle(SqlClient tx, String id, java.util.UUID token, String status, int attempts, Instant nextAttemptAt,
                               Integer statusCode, String error) {
        Tuple row = Tuple.tuple(Arrays.asList(id, status, attempts, nextAttemptAt == null ? null : nextAttemptAt.atOffset(ZoneOffset.UTC),
                statusCode, error, token));
        return tx.preparedQuery(SETTLE).execute(row).map(updated -> updated.rowCount() == 1);
    }

    public Uni<Void> recordAttempt(SqlClient tx, String deliveryId, Attempt attempt) {
        Tuple row = Tuple.tuple(Arrays.asList(deliveryId, attempt.attempt(), attempt.startedAt().atOffset(ZoneOffset.UTC),
                attempt.durationMs(), attempt.statusCode(), attempt.responseBody(), attempt.error()));
        return tx.preparedQuery(ATTEMPT).execute(row).replaceWithVoid();
    }

    public Uni<List<Attempt>> attempts(String merchantId, String deliveryId) {
        return router.poolFor(merchantId).preparedQuery(ATTEMPTS).execute(Tuple.of(deliveryId)).map(rows -> {
            List<Attempt> attempts = new ArrayList<>();
            for (Row row : rows) {
                attempts.add(new Attempt(row.getInteger("attempt"), row.getOffsetDateTime("started_at").toInstant(),
                        row.getInteger("duration_ms"), row.getInteger("status_code"), row.getString("response_body"),
                        row.getString("error")));
            }
            return attempts;
        });
    }

    public Uni<Void> redeliver(SqlClient tx, String id) {
        return tx.preparedQuery(REDELIVER).execute(Tuple.of(id)).replaceWithVoid();
    }

    private static List<Delivery> toDeliveries(RowSet<Row> rows) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Row row : rows) {
            OffsetDateTime next = row.getOffsetDateTime("next_attempt_at");
            deliveries.add(new Delivery(row.getString("id"), row.getString("merchant_id"), row.getString("endpoint_id"),
                    row.getString("event_id"), row.getString("event_type"), row.getString("status"), row.getInteger("attempts"),
                    next == null ? null : next.toInstant(), row.getInteger("last_status_code"), row.getString("last_error"),
                    row.getOffsetDateTime("created_at").toInstant()));
        }
        return deliveries;
    }

    public record Due(String id, String endpointId) {
    }

    public record Work(String deliveryId, String endpointId, int attempts, MerchantEvent event) {
    }

    /** One try: when, how long, what the receiver answered (the first few KB) or what went wrong. */
    public record Attempt(int attempt, Instant startedAt, int durationMs, Integer statusCode, String responseBody, String error) {
    }
}
