package io.paygrid.testing;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * What every PayGrid service must do, checked the same way for each: subclass it with
 * {@code @QuarkusTest @WithTestResource(PayGridTestResource.class)} and name one authenticated list path.
 */
public abstract class ServiceBasicsTest {

    /** A merchant-scoped list endpoint of the service, e.g. {@code /v1/invoices}, with any query it needs. */
    protected abstract String listPath();

    @Test
    void shouldAnswerReadyWithDatabaseKafkaAndShardsUp() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("merchant-shards"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")))
                .body("checks.name", hasItem(containsString("Kafka"))));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldExposePrometheusMetricsAndOpenApi() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("paygrid_outbox_backlog"));
        given().get("/q/openapi?format=json").then().statusCode(200).body(containsString(listPath().split("\\?")[0]));
    }

    @Test
    void shouldRequireAnApiKeyOnTheListEndpoint() {
        given().get(listPath()).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void shouldListForAnAuthenticatedMerchant() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(java.util.List.of("*"));
        awaitKey(merchant.key(), listPath());
        given().auth().oauth2(merchant.key()).get(listPath()).then()
                .statusCode(200).contentType("application/json").body("data", org.hamcrest.Matchers.notNullValue());
    }

    /** Waits until the service has replicated the key from merchant.events.v1. */
    public static void awaitKey(String key, String path) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                RestAssured.given().auth().oauth2(key).get(path).statusCode() != 401);
    }
}
