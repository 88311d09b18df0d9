package io.paygrid.analytics.timeseries;

import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class TimeseriesRepository {

    private static final String BUCKETS = """
            SELECT date_trunc($1, bucket AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS b,
                   sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
              FROM metrics_hourly
             WHERE merchant_id = $2 AND metric = $3 AND ($4::text IS NULL OR currency = $4)
               AND bucket >= $5 AND bucket < $6
             GROUP BY b ORDER BY b""";

    private final ShardRouter router;

    TimeseriesRepository(ShardRouter router) {
        this.router = router;
    }

    public Uni<List<TimeseriesPoint>> buckets(String merchantId, String metric, String currency, Granularity granularity,
                                              Instant from, Instant to) {
        Tuple args = Tuple.of(granularity.sqlUnit(), merchantId, metric, currency)
                .addValue(from.atOffset(ZoneOffset.UTC))
                .addValue(to.atOffset(ZoneOffset.UTC));
        return router.poolFor(merchantId).preparedQuery(BUCKETS).execute(args).map(rows -> {
            List<TimeseriesPoint> points = new ArrayList<>();
            for (Row row : rows) {
                points.add(new TimeseriesPoint(row.getOffsetDateTime("b").toInstant(), row.getLong("count"),
                        row.getBigDecimal("sum"), row.getBigDecimal("min"), row.getBigDecimal("max")));
            }
            return points;
        });
    }
}
