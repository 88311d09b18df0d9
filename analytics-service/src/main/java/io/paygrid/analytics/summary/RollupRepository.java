package io.paygrid.analytics.summary;

import io.paygrid.analytics.timeseries.Granularity;
import io.paygrid.analytics.timeseries.TimeseriesPoint;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the rollups, never the raw points: one merchant's on its shard, or (merchant null, an admin's platform view)
 * every shard's, merged.
 */
@ApplicationScoped
public class RollupRepository {

    private static final String SUMS = "SELECT metric, currency, sum(count) AS count, sum(sum) AS sum FROM metrics_hourly "
            + "WHERE ($1::text IS NULL OR merchant_id = $1) AND mode = $2 AND bucket >= $3 AND bucket < $4 GROUP BY metric, currency";
    private static final String CUSTOMERS = "SELECT count(*) AS customers FROM (SELECT DISTINCT merchant_id, customer "
            + "FROM customers_hourly WHERE ($1::text IS NULL OR merchant_id = $1) AND mode = $2 AND bucket >= $3 AND bucket < $4) c";
    private static final String SERIES = "SELECT bucket, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max "
            + "FROM %s WHERE ($1::text IS NULL OR merchant_id = $1) AND mode = $2 AND metric = ANY($3) "
            + "AND ($4::text IS NULL OR currency = $4) AND bucket >= $5 AND bucket < $6 GROUP BY bucket ORDER BY bucket";

    private final ShardRouter router;

    RollupRepository(ShardRouter router) {
        this.router = router;
    }

    /** Count and sum per metric and currency over [from, to). */
    public Uni<List<Total>> totals(String merchantId, String mode, Instant from, Instant to) {
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, mode, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)));
        return onEach(merchantId, pool -> pool.preparedQuery(SUMS).execute(args).map(rows -> {
            List<Total> totals = new ArrayList<>();
            for (Row row : rows) {
                totals.add(new Total(row.getString("metric"), row.getString("currency"), row.getLong("count"), row.getBigDecimal("sum")));
            }
            return totals;
        })).map(perShard -> perShard.stream().flatMap(List::stream).toList());
    }

    /** Distinct paying customers over [from, to) (customers of different merchants are different customers). */
    public Uni<Long> uniqueCustomers(String merchantId, String mode, Instant from, Instant to) {
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, mode, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)));
        return onEach(merchantId, pool -> pool.preparedQuery(CUSTOMERS).execute(args).map(rows -> rows.iterator().next().getLong("customers")))
                .map(counts -> counts.stream().mapToLong(Long::longValue).sum());
    }

    public Uni<List<TimeseriesPoint>> series(String merchantId, String mode, List<String> metrics, String currency,
                                             Granularity granularity, Instant from, Instant to) {
        String table = granularity == Granularity.HOUR ? "metrics_hourly" : "metrics_daily";
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, mode, metrics.toArray(String[]::new), currency,
                from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)));
        return onEach(merchantId, pool -> pool.preparedQuery(SERIES.formatted(table)).execute(args).map(rows -> {
            List<TimeseriesPoint> points = new ArrayList<>();
            for (Row row : rows) {
                points.add(new TimeseriesPoint(row.getOffsetDateTime("bucket").toInstant(), row.getLong("count"),
                        row.getBigDecimal("sum"), row.getBigDecimal("min"), row.getBigDecimal("max")));
            }
            return points;
        })).map(RollupRepository::merge);
    }

    private <T> Uni<List<T>> onEach(String merchantId, java.util.function.Function<Pool, Uni<T>> query) {
        if (merchantId != null) {
            return query.apply(router.poolFor(merchantId)).map(List::of);
        }
        List<Uni<T>> all = router.shards().stream().map(shard -> query.apply(shard.pool())).toList();
        return Uni.join().all(all).andFailFast();
    }

    private static List<TimeseriesPoint> merge(List<List<TimeseriesPoint>> perShard) {
        Map<Instant, TimeseriesPoint> merged = new TreeMap<>();
        perShard.stream().flatMap(List::stream).forEach(point -> merged.merge(point.bucket(), point, (a, b) -> new TimeseriesPoint(
                a.bucket(), a.count() + b.count(), a.sum().add(b.sum()), least(a.min(), b.min()), greatest(a.max(), b.max()))));
        return new ArrayList<>(merged.values());
    }

    private static BigDecimal least(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.min(b);
    }

    private static BigDecimal greatest(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.max(b);
    }

    public record Total(String metric, String currency, long count, BigDecimal sum) {
    }
}
