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

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class TimeseriesTest {

    @Inject
    ShardRouter router;

    @Test
    void shouldRollHourlyFiguresUpIntoDays() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("analytics:read"));
        OffsetDateTime day = OffsetDateTime.of(2026, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        hour(merchant.id(), day.plusHours(1), 2, "30.00", "10.00", "20.00");
        hour(merchant.id(), day.plusHours(5), 1, "5.50", "5.50", "5.50");
        hour(merchant.id(), day.plusDays(1).plusHours(3), 4, "100.00", "25.00", "25.00");
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/analytics/timeseries");

        given().auth().oauth2(merchant.key())
                .get("/v1/analytics/timeseries?metric=payment_volume&granularity=day&currency=USD"
                        + "&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z").then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].bucket", equalTo("2026-03-01T00:00:00Z"))
                .body("data[0].count", equalTo(3))
                .body("data[0].sum", equalTo("35.50"))
                .body("data[0].min", equalTo("5.50"))
                .body("data[0].max", equalTo("20.00"))
                .body("data[1].avg", equalTo("25.00"));
        given().auth().oauth2(merchant.key())
                .get("/v1/analytics/timeseries?metric=payment_volume&granularity=hour&currency=USD"
                        + "&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z").then()
                .statusCode(200).body("data", hasSize(2)).body("data[1].bucket", equalTo("2026-03-01T05:00:00Z"));
    }

    @Test
    void shouldRejectBadQueries() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("analytics:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/analytics/timeseries");
        given().auth().oauth2(merchant.key()).get("/v1/analytics/timeseries?metric=revenue_of_the_moon").then()
                .statusCode(400).body("errors[0].field", equalTo("metric"));
        given().auth().oauth2(merchant.key()).get("/v1/analytics/timeseries?metric=payment_volume&granularity=week").then()
                .statusCode(400).body("errors[0].field", equalTo("granularity"));
        given().auth().oauth2(merchant.key()).get("/v1/analytics/timeseries?metric=payment_volume&from=yesterday").then()
                .statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(merchant.key())
                .get("/v1/analytics/timeseries?metric=payment_volume&granularity=hour&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z")
                .then().statusCode(400);
    }

    private void hour(String merchantId, OffsetDateTime bucket, long count, String sum, String min, String max) {
        router.poolFor(merchantId).preparedQuery("INSERT INTO metrics_hourly (merchant_id, metric, currency, bucket, count, sum, min, max) "
                        + "VALUES ($1, 'payment_volume', 'USD', $2, $3, $4, $5, $6)")
                .execute(Tuple.of(merchantId, bucket, count, new BigDecimal(sum), new BigDecimal(min)).addValue(new BigDecimal(max)))
                .await().indefinitely();
    }
}
