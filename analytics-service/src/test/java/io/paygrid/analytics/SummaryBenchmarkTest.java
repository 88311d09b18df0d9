package io.paygrid.analytics;

import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benchmark, not a timed test: one million generated payments of one merchant over 90 days, rolled up the way
 * ingestion rolls them up, then the summary asked for over 90 days and over one day. It prints the latencies (and
 * what the same question costs against the raw points) and asserts only that the figures are right.
 */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class SummaryBenchmarkTest {

    private static final int PAYMENTS = 1_000_000;

    @Inject
    ShardRouter router;

    @Test
    void shouldPrintSummaryLatencyOverAMillionPayments() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("analytics:read"));
        // A past quarter, away from the days other tests make partitions for (these points sit in the default partition).
        Instant end = Instant.parse("2025-04-01T00:00:00Z");
        Instant start = end.minus(90, ChronoUnit.DAYS);
        var pool = router.poolFor(merchant.id());
        long generating = System.nanoTime();
        pool.preparedQuery("""
                INSERT INTO metric_points (event_id, metric, merchant_id, mode, currency, method, subject, value, weight, occurred_at)
                SELECT 'evt_bench_' || g, 'payment_succeeded', $1, 'test', 'USD', CASE WHEN g % 3 = 0 THEN 'upi' ELSE 'card' END,
                       'pay_bench_' || g, 1 + (g % 10000) / 100.0, 1, $2 + (g % 7776000) * interval '1 second'
                  FROM generate_series(1, $3) g""").execute(Tuple.of(merchant.id(), start.atOffset(ZoneOffset.UTC), PAYMENTS))
                .await().indefinitely();
        for (String table : List.of("metrics_hourly", "metrics_daily")) {
            String unit = table.equals("metrics_hourly") ? "hour" : "day";
            pool.preparedQuery("INSERT INTO " + table + " (merchant_id, mode, metric, currency, method, bucket, count, sum, min, max) "
                    + "SELECT merchant_id, mode, metric, currency, method, date_trunc('" + unit + "', occurred_at AT TIME ZONE 'UTC') "
                    + "AT TIME ZONE 'UTC', count(*), sum(value), min(value), max(value) FROM metric_points WHERE merchant_id = $1 "
                    + "GROUP BY 1, 2, 3, 4, 5, 6").execute(Tuple.of(merchant.id())).await().indefinitely();
        }
        System.out.printf("Generated and rolled up %,d payments in %d ms%n", PAYMENTS, (System.nanoTime() - generating) / 1_000_000);
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/analytics/summary");

        String ninetyDays = "from=" + start + "&to=" + end + "&currency=USD";
        assertThat(given().auth().oauth2(merchant.key()).get("/v1/analytics/summary?" + ninetyDays).then().statusCode(200)
                .extract().jsonPath().getLong("payment_count")).isEqualTo(PAYMENTS);
        print("summary over 90 days", merchant.key(), ninetyDays);
        print("summary over 1 day", merchant.key(), "from=" + end.minus(1, ChronoUnit.DAYS) + "&to=" + end + "&currency=USD");
        print("timeseries, hourly, 30 days", merchant.key(), "TIMESERIES&from=" + end.minus(30, ChronoUnit.DAYS) + "&to=" + end);

        long raw = System.nanoTime();
        long count = pool.preparedQuery("SELECT count(*) FROM metric_points WHERE merchant_id = $1 AND metric = 'payment_succeeded'")
                .execute(Tuple.of(merchant.id())).await().indefinitely().iterator().next().getLong(0);
        System.out.printf("For comparison, counting the raw points once: %d ms (%,d rows)%n", (System.nanoTime() - raw) / 1_000_000, count);
    }

    private static void print(String what, String key, String query) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long started = System.nanoTime();
            if (query.startsWith("TIMESERIES")) {
                given().auth().oauth2(key).get("/v1/analytics/timeseries?metric=payment_volume&granularity=hour&currency=USD"
                        + query.substring("TIMESERIES".length())).then().statusCode(200);
            } else {
                given().auth().oauth2(key).get("/v1/analytics/summary?" + query).then().statusCode(200);
            }
            micros.add((System.nanoTime() - started) / 1000);
        }
        List<Long> measured = new ArrayList<>(micros.subList(5, micros.size()));
        Collections.sort(measured);
        System.out.printf("%s over 1,000,000 payments: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d requests after 5 warm-up)%n", what,
                measured.get(measured.size() / 2) / 1000.0, measured.get((int) (measured.size() * 0.95)) / 1000.0,
                measured.get(measured.size() - 1) / 1000.0, measured.size());
    }
}
