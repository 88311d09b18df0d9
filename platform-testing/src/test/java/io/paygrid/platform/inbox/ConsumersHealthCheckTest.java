package io.paygrid.platform.inbox;

import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class ConsumersHealthCheckTest {

    @Test
    void shouldReportAConsumerStalledOnOneEventUntilItIsApplied() throws Exception {
        AtomicBoolean databaseDown = new AtomicBoolean(true);
        CompletableFuture<String> applied = Uni.createFrom().item(() -> {
                    if (databaseDown.get()) {
                        throw new IllegalStateException("connection refused");
                    }
                    return "applied";
                })
                .plug(Inbox.untilApplied("ledger-test", "evt_stalled_1"))
                .subscribeAsCompletionStage();

        // The gauges are there before anyone asked for the health check.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/q/metrics").then().body(containsString("paygrid_consumer_held_back_events 1.0")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/well").then().statusCode(503)
                .body("checks.name", hasItem("consumers"))
                .body(containsString("evt_stalled_1")));
        given().get("/q/health/ready").then().statusCode(200);

        databaseDown.set(false);
        assertThat(applied.get(30, TimeUnit.SECONDS)).isEqualTo("applied");
        given().get("/q/health/well").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("paygrid_consumer_held_back_events 0.0"));
    }
}
