package io.paygrid.analytics.ingest;

import io.paygrid.platform.event.CloudEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an event's metric points and folds them into the hourly and daily rollups, in the caller's transaction
 * (the consumer's, with its inbox record). A rollup is keyed by the event's own time, so a late event lands in the
 * bucket it belongs to.
 */
@ApplicationScoped
public class MetricStore {

    private static final String POINT = "INSERT INTO metric_points (event_id, metric, merchant_id, mode, currency, method, subject, "
            + "value, weight, occurred_at, count, min_value, max_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
            + "ON CONFLICT DO NOTHING";
    private static final String ROLLUP = """
            INSERT INTO %s AS r (merchant_id, mode, metric, currency, method, bucket, count, sum, min, max)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (merchant_id, mode, metric, currency, method, bucket) DO UPDATE
               SET count = r.count + EXCLUDED.count, sum = r.sum + EXCLUDED.sum,
                   min = LEAST(r.min, EXCLUDED.min), max = GREATEST(r.max, EXCLUDED.max)""";
    private static final String HOURLY = ROLLUP.formatted("metrics_hourly");
    private static final String DAILY = ROLLUP.formatted("metrics_daily");
    /*
     * A payment's success and its reorg, once both have arrived (in either order) and not yet netted: the success's
     * bucket and amount, and the reorg's event id for the taking-back point.
     */
    private static final String UNNETTED = "SELECT s.mode, s.currency, s.method, s.value, s.occurred_at, r.event_id AS reverted_by "
            + "FROM metric_points s JOIN metric_points r ON r.merchant_id = s.merchant_id AND r.subject = s.subject "
            + "AND r.metric = '" + Metrics.PAYMENT_REVERTED + "' "
            + "WHERE s.merchant_id = $1 AND s.subject = $2 AND s.metric = '" + Metrics.PAYMENT_SUCCEEDED + "' AND s.weight = 1 "
            + "AND NOT EXISTS (SELECT 1 FROM metric_points n WHERE n.merchant_id = $1 AND n.subject = $2 "
            + "AND n.metric = '" + Metrics.PAYMENT_SUCCEEDED + "' AND n.weight = -1) LIMIT 1";
    private static final String COUNT_PAID = "INSERT INTO counted_invoices (merchant_id, invoice_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    private static final String CUSTOMER = "INSERT INTO customers_hourly (merchant_id, mode, bucket, customer) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT DO NOTHING";

    public Uni<Void> record(SqlConnection tx, CloudEvent event) {
        Uni<Void> customer = Metrics.payingCustomer(event)
                .map(id -> tx.preparedQuery(CUSTOMER).execute(Tuple.of(event.merchantId(), Metrics.modeOf(event),
                        hour(event.time()).atOffset(ZoneOffset.UTC), id)).replaceWithVoid())
                .orElse(Uni.createFrom().voidItem());
        Uni<List<MetricPoint>> points = Metrics.paidInvoice(event)
                .map(invoiceId -> tx.preparedQuery(COUNT_PAID).execute(Tuple.of(event.merchantId(), invoiceId))
                        .map(first -> first.rowCount() == 1 ? Metrics.of(event) : List.<MetricPoint>of()))
                .orElse(Uni.createFrom().item(Metrics.of(event)));
        return points.flatMap(list -> storeAll(tx, list))
                .flatMap(ignored -> Metrics.paymentOf(event).map(paymentId -> netReorg(tx, event.merchantId(), paymentId))
                        .orElse(Uni.createFrom().voidItem()))
                .flatMap(ignored -> customer);
    }

    /**
     * Once a payment's success and its reorg are both recorded, takes the success back in the bucket where it was
     * counted, so the figures read as if it never happened, whichever event came first.
     */
    private Uni<Void> netReorg(SqlConnection tx, String merchantId, String paymentId) {
        return tx.preparedQuery(UNNETTED).execute(Tuple.of(merchantId, paymentId)).flatMap(rows -> {
            if (rows.rowCount() == 0) {
                return Uni.createFrom().voidItem();
            }
            Row success = rows.iterator().next();
            MetricPoint takeBack = new MetricPoint(success.getString("reverted_by"), Metrics.PAYMENT_SUCCEEDED, merchantId,
                    success.getString("mode"), success.getString("currency"), success.getString("method"), paymentId,
                    success.getBigDecimal("value"), -1, success.getOffsetDateTime("occurred_at").toInstant());
            return store(tx, takeBack);
        });
    }

    private Uni<Void> storeAll(SqlConnection tx, List<MetricPoint> points) {
        return Multi.createFrom().iterable(points).onItem().transformToUniAndConcatenate(point -> store(tx, point))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> store(SqlConnection tx, MetricPoint p) {
        Tuple point = Tuple.tuple(Arrays.asList(p.eventId(), p.metric(), p.merchantId(), p.mode(), p.currency(), p.method(),
                p.subject(), p.value(), p.weight(), p.occurredAt().atOffset(ZoneOffset.UTC), p.count(), p.min(), p.max()));
        return tx.preparedQuery(POINT).execute(point).flatMap(inserted -> inserted.rowCount() == 0
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery(HOURLY).execute(rollup(p, hour(p.occurredAt())))
                        .flatMap(ignored -> tx.preparedQuery(DAILY).execute(rollup(p, p.occurredAt().truncatedTo(ChronoUnit.DAYS))))
                        .replaceWithVoid());
    }

    private static Tuple rollup(MetricPoint p, Instant bucket) {
        return Tuple.tuple(Arrays.asList(p.merchantId(), p.mode(), p.metric(), p.currency(), p.method(),
                bucket.atOffset(ZoneOffset.UTC), p.weight() * p.count(), p.value().multiply(BigDecimal.valueOf(p.weight())),
                p.weight() > 0 ? p.min() : null, p.weight() > 0 ? p.max() : null));
    }

    private static Instant hour(Instant time) {
        return (time == null ? Instant.now() : time).truncatedTo(ChronoUnit.HOURS);
    }
}
