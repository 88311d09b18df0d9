package io.paygrid.platform.usage;

import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.support.ShardTestRows;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a service reports of a merchant's API use (the scheduler is off in these tests, so each report is made by
 * hand and stays in the outbox): every request of the merchant's keys, answered or refused, with its 4xx and 5xx
 * apart and how long they took; nothing for requests without a key, nor for a path that never authenticates.
 */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class ApiUsageReportTest {

    private static final String REPORTS = "SELECT payload FROM outbox WHERE topic = $1 AND event_type = $2 AND message_key = $3 ORDER BY seq";

    @Inject
    ApiUsageRecorder usage;

    @Inject
    Pool mainPool;

    @Test
    void shouldReportEveryRequestOfAMerchantsKeyWithItsErrorsAndDurationsInOneEvent() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        MerchantFixtures.merchant(merchant, "active");
        String key = MerchantFixtures.apiKey(merchant, List.of("*"), null);
        String narrow = MerchantFixtures.apiKey(merchant, List.of(Scopes.WEBHOOKS_READ), null);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            given().auth().oauth2(key).get("/test/whoami").then().statusCode(200);
            given().auth().oauth2(narrow).get("/test/whoami").then().statusCode(403);
        });
        // What waiting for the key counted goes out in a report of its own.
        usage.report().await().indefinitely();
        int earlier = reports(merchant).size();

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(key).get("/test/whoami").then().statusCode(200);
        }
        given().auth().oauth2(key).get("/test/secured/boom").then().statusCode(500);
        given().auth().oauth2(key).get("/test/secured/numbers/abc").then().statusCode(400);
        given().auth().oauth2(narrow).get("/test/whoami").then().statusCode(403);
        // Not counted: no key, and a page that never asks who calls (its key is not even looked up).
        given().get("/test/whoami").then().statusCode(401);
        given().auth().oauth2(key).get("/test/numbers/7").then().statusCode(200);
        usage.report().await().indefinitely();

        List<CloudEvent> reports = reports(merchant);
        assertThat(reports).hasSize(earlier + 1);
        CloudEvent report = reports.get(reports.size() - 1);
        assertThat(report.merchantId()).isEqualTo(merchant);
        MerchantEvents.ApiRequestsData data = EventJson.fromTree(report.data(), MerchantEvents.ApiRequestsData.class);
        assertThat(data.merchantId()).isEqualTo(merchant);
        assertThat(data.livemode()).isFalse();
        assertThat(data.service()).isEqualTo("platform-test");
        assertThat(data.requests().count()).isEqualTo(6);
        assertThat(data.clientErrors().count()).isEqualTo(2);
        assertThat(data.serverErrors().count()).isEqualTo(1);
        for (MerchantEvents.RequestStats stats : List.of(data.requests(), data.clientErrors(), data.serverErrors())) {
            assertThat(stats.durationMsMin()).isPositive().isLessThanOrEqualTo(stats.durationMsMax());
            assertThat(stats.durationMsMax()).isLessThanOrEqualTo(stats.durationMsSum());
        }
        assertThat(data.requests().durationMsSum()).isGreaterThan(data.clientErrors().durationMsSum()
                .add(data.serverErrors().durationMsSum()));

        usage.report().await().indefinitely();
        assertThat(reports(merchant)).as("no requests, no report").hasSize(earlier + 1);
    }

    @Test
    void shouldReportEachMerchantAndModeOnceAPeriodInMillisecondsToTheMicrosecond() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        usage.requestAnswered(merchant, "live", 201, 2_500_000);
        usage.requestAnswered(merchant, "live", 503, 500_000);
        usage.report().await().indefinitely();
        usage.requestAnswered(merchant, "live", 200, 1_000_000);
        usage.report().await().indefinitely();

        List<CloudEvent> reports = reports(merchant);
        assertThat(reports).hasSize(2);
        MerchantEvents.ApiRequestsData first = EventJson.fromTree(reports.get(0).data(), MerchantEvents.ApiRequestsData.class);
        assertThat(first.livemode()).isTrue();
        assertThat(first.requests()).isEqualTo(new MerchantEvents.RequestStats(2, new BigDecimal("3.000"), new BigDecimal("0.500"),
                new BigDecimal("2.500")));
        assertThat(first.serverErrors().count()).isEqualTo(1);
        assertThat(first.clientErrors()).isEqualTo(new MerchantEvents.RequestStats(0, BigDecimal.ZERO, null, null));
        assertThat(EventJson.fromTree(reports.get(1).data(), MerchantEvents.ApiRequestsData.class).requests().count()).isEqualTo(1);
    }

    private List<CloudEvent> reports(String merchant) {
        return ShardTestRows.column(mainPool, REPORTS, Topics.API_KEY_USAGE, MerchantEvents.API_REQUESTS_REPORTED, merchant).stream()
                .map(EventJson::read).toList();
    }
}
