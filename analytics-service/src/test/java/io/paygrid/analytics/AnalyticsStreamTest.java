package io.paygrid.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paygrid.analytics.retention.PartitionJobs;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.shard.ShardDatabase;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.EmbeddedInfra;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A scripted stream of invoice, payment, refund and webhook events, shuffled (so late events arrive after later
 * ones), published to the real broker: the summary and the series equal what the events themselves add up to, and
 * publishing the whole stream again changes nothing.
 */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class AnalyticsStreamTest {

    private static final Instant DAY0 = Instant.parse("2026-03-01T00:00:00Z");

    @Inject
    ShardRouter router;

    @Inject
    PartitionJobs partitions;

    record Script(List<CloudEvent> domain, List<CloudEvent> webhooks, Expected expected) {
    }

    static final class Expected {
        BigDecimal usdVolume = BigDecimal.ZERO;
        long usdPayments;
        long usdFailed;
        long usdCreated;
        long usdPaid;
        long delivered;
        long undelivered;
        final Set<String> customers = new HashSet<>();
        final Map<Instant, BigDecimal> usdVolumeByHour = new TreeMap<>();
    }

    private static Script script(String merchantId, long seed) {
        Random random = new Random(seed);
        Expected expected = new Expected();
        List<CloudEvent> domain = new ArrayList<>();
        List<CloudEvent> webhooks = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Instant at = DAY0.plusSeconds(random.nextInt(3 * 24 * 3600));
            String invoiceId = Ids.newId(IdPrefix.INVOICE);
            BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(20000), 2);
            domain.add(event("invoice.created", merchantId, at, invoice(invoiceId, amount, null)));
            expected.usdCreated++;
            int outcome = random.nextInt(4);
            if (outcome == 0) {
                String paymentId = Ids.newId(IdPrefix.PAYMENT);
                domain.add(event("payment.failed", merchantId, at.plusSeconds(30), payment(paymentId, invoiceId, "card", "USD", amount)));
                expected.usdFailed++;
                continue;
            }
            String paymentId = Ids.newId(IdPrefix.PAYMENT);
            boolean card = outcome != 3;
            Instant paidAt = at.plusSeconds(60);
            String customer = "cus_" + random.nextInt(15);
            domain.add(event("payment.confirmed", merchantId, paidAt, card ? payment(paymentId, invoiceId, "card", "USD", amount)
                    : payment(paymentId, invoiceId, "eth-ethereum", "ETH", amount.divide(BigDecimal.valueOf(2000), 18, RoundingMode.DOWN))));
            domain.add(event("invoice.paid", merchantId, paidAt, invoice(invoiceId, amount, customer)));
            if (random.nextInt(8) == 0) {
                // Paid again after a reorg (a new event id): still one paid invoice.
                domain.add(event("invoice.paid", merchantId, paidAt.plusSeconds(7200), invoice(invoiceId, amount, customer)));
            }
            expected.usdPaid++;
            expected.customers.add(customer);
            if (card) {
                if (random.nextInt(10) == 0) {
                    // Reorged away (a card never is in life, but the metric does not care): it takes the success back.
                    domain.add(event("payment.reverted", merchantId, paidAt.plusSeconds(3600), payment(paymentId, invoiceId, "card", "USD", amount)));
                } else {
                    expected.usdVolume = expected.usdVolume.add(amount);
                    expected.usdPayments++;
                    expected.usdVolumeByHour.merge(paidAt.truncatedTo(ChronoUnit.HOURS), amount, BigDecimal::add);
                }
            }
            boolean ok = random.nextInt(5) > 0;
            String deliveryId = Ids.newId(IdPrefix.WEBHOOK_DELIVERY);
            // A failed attempt that will be retried is not a delivery outcome; only sent or failed for good count.
            webhooks.add(event("webhook.delivery.failed", merchantId, paidAt.plusSeconds(1), outcome(merchantId, deliveryId, "retrying")));
            webhooks.add(event(ok ? "webhook.delivery.succeeded" : "webhook.delivery.failed", merchantId, paidAt.plusSeconds(5),
                    outcome(merchantId, deliveryId, ok ? "sent" : "failed")));
            if (ok) {
                expected.delivered++;
            } else {
                expected.undelivered++;
            }
        }
        Collections.shuffle(domain, random);
        return new Script(domain, webhooks, expected);
    }

    private static ObjectNode outcome(String merchantId, String deliveryId, String status) {
        return EventJson.mapper().createObjectNode().put("delivery_id", deliveryId).put("merchant_id", merchantId)
                .put("attempt", 1).put("status", status).put("duration_ms", 120).put("livemode", false);
    }

    private static ObjectNode invoice(String id, BigDecimal amount, String customer) {
        ObjectNode node = EventJson.mapper().createObjectNode().put("id", id).put("object", "invoice").put("amount", amount.toPlainString())
                .put("currency", "USD").put("livemode", false);
        if (customer != null) {
            node.put("customer_id", customer);
        }
        return node;
    }

    private static ObjectNode payment(String id, String invoiceId, String method, String currency, BigDecimal amount) {
        return EventJson.mapper().createObjectNode().put("id", id).put("object", "payment").put("invoice_id", invoiceId)
                .put("method", method).put("currency", currency).put("amount", amount.toPlainString()).put("livemode", false);
    }

    private static CloudEvent event(String type, String merchantId, Instant at, ObjectNode data) {
        CloudEvent template = CloudEvent.of(type, "/test", merchantId, data.path("id").asText(null), data);
        return new CloudEvent(template.specVersion(), template.id(), type, template.source(), at, template.subject(),
                template.dataContentType(), merchantId, data);
    }

    private static void publish(List<CloudEvent> events, String topic) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfra.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (CloudEvent event : events) {
                producer.send(new ProducerRecord<>(topic, event.merchantId(), EventJson.write(event)));
            }
            producer.flush();
        }
    }

    private static JsonPath summary(String key, String query) {
        return given().auth().oauth2(key).get("/v1/analytics/summary?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldAddUpToWhatTheEventsSayAndNotCountAReplayAgain() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("analytics:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/analytics/summary");
        Script script = script(merchant.id(), 7);
        publish(script.domain(), Topics.PAYMENT_EVENTS);
        publish(script.webhooks(), Topics.WEBHOOK_EVENTS);
        String range = "from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z&currency=USD";
        Expected expected = script.expected();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonPath s = summary(merchant.key(), range);
            return s.getLong("invoices_created") == expected.usdCreated && s.getLong("webhook_deliveries") == expected.delivered + expected.undelivered
                    && s.getLong("payment_count") == expected.usdPayments;
        });
        assertSummary(merchant.key(), range, expected);

        publish(script.domain(), Topics.PAYMENT_EVENTS);
        publish(script.webhooks(), Topics.WEBHOOK_EVENTS);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                summary(merchant.key(), range).getLong("invoices_created") == expected.usdCreated);
        assertSummary(merchant.key(), range, expected);

        JsonPath series = given().auth().oauth2(merchant.key())
                .get("/v1/analytics/timeseries?metric=payment_volume&granularity=hour&currency=USD&from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z")
                .then().statusCode(200).extract().jsonPath();
        Map<Instant, BigDecimal> actual = new TreeMap<>();
        List<Map<String, Object>> data = series.getList("data");
        for (Map<String, Object> bucket : data) {
            BigDecimal sum = new BigDecimal((String) bucket.get("sum"));
            if (sum.signum() != 0) {
                actual.put(Instant.parse((String) bucket.get("bucket")), sum);
            }
        }
        assertThat(actual.keySet()).isEqualTo(expected.usdVolumeByHour.keySet());
        actual.forEach((hour, sum) -> assertThat(sum).as(hour.toString()).isEqualByComparingTo(expected.usdVolumeByHour.get(hour)));
        BigDecimal daily = given().auth().oauth2(merchant.key())
                .get("/v1/analytics/timeseries?metric=payment_volume&granularity=day&currency=USD&from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z")
                .then().statusCode(200).extract().jsonPath().getList("data.sum", String.class).stream().map(BigDecimal::new)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(daily).isEqualByComparingTo(expected.usdVolume);
    }

    private static void assertSummary(String key, String range, Expected expected) {
        JsonPath s = summary(key, range);
        assertThat(new BigDecimal(s.getString("payment_volume"))).isEqualByComparingTo(expected.usdVolume);
        assertThat(s.getLong("payment_count")).isEqualTo(expected.usdPayments);
        assertThat(s.getLong("invoices_created")).isEqualTo(expected.usdCreated);
        assertThat(s.getLong("invoices_paid")).isEqualTo(expected.usdPaid);
        assertThat(s.getLong("unique_customers")).isEqualTo(expected.customers.size());
        assertThat(s.getString("conversion_rate")).isEqualTo(rate(expected.usdPaid, expected.usdCreated));
        assertThat(s.getString("success_rate")).isEqualTo(rate(expected.usdPayments, expected.usdPayments + expected.usdFailed));
        assertThat(s.getString("webhook_success_rate")).isEqualTo(rate(expected.delivered, expected.delivered + expected.undelivered));
        assertThat(new BigDecimal(s.getString("average_amount"))).isEqualByComparingTo(
                expected.usdVolume.divide(BigDecimal.valueOf(expected.usdPayments), 2, RoundingMode.HALF_EVEN));
        assertThat(s.getMap("payment_volume_by_currency")).containsKeys("USD", "ETH");
    }

    private static String rate(long part, long whole) {
        if (whole == 0) {
            return "0";
        }
        BigDecimal share = BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return (share.scale() < 0 ? share.setScale(0) : share).toPlainString();
    }

    @Test
    void shouldAnswerZerosForAnEmptyRangeAndShowAnAdminThePlatform() {
        MerchantFixtures.TestMerchant first = MerchantFixtures.activeMerchant(List.of("analytics:read"));
        MerchantFixtures.TestMerchant second = MerchantFixtures.activeMerchant(List.of("analytics:read"));
        ServiceBasicsTest.awaitKey(second.key(), "/v1/analytics/summary");
        JsonPath empty = summary(first.key(), "from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z&currency=USD");
        assertThat(empty.getString("payment_volume")).isEqualTo("0");
        assertThat(empty.getLong("payment_count")).isZero();
        assertThat(empty.getString("conversion_rate")).isEqualTo("0");

        Instant at = Instant.parse("2026-04-10T10:15:00Z");
        publish(List.of(event("invoice.created", first.id(), at, invoice(Ids.newId(IdPrefix.INVOICE), new BigDecimal("10"), null)),
                event("invoice.created", second.id(), at, invoice(Ids.newId(IdPrefix.INVOICE), new BigDecimal("20"), null))),
                Topics.PAYMENT_EVENTS);
        String range = "from=2026-04-10T00:00:00Z&to=2026-04-11T00:00:00Z";
        await().atMost(Duration.ofSeconds(30)).until(() -> summary(second.key(), range).getLong("invoices_created") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(PayGridTestResource.ADMIN_KEY)
                .get("/v1/analytics/summary?" + range).then().statusCode(200).extract().jsonPath().getLong("invoices_created") >= 2);
        given().auth().oauth2(PayGridTestResource.ADMIN_KEY).get("/v1/analytics/summary?" + range).then()
                .body("platform_wide", equalTo(true));
        given().auth().oauth2(PayGridTestResource.ADMIN_KEY).header("PayGrid-Merchant", first.id())
                .get("/v1/analytics/summary?" + range).then().body("invoices_created", equalTo(1)).body("platform_wide", equalTo(false));
        given().auth().oauth2(first.key()).get("/v1/analytics/summary?from=tomorrow").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        given().auth().oauth2(first.key()).get("/v1/analytics/summary?currency=DOGECOIN").then().statusCode(400);
        given().auth().oauth2(first.key()).get("/v1/analytics/summary?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z").then().statusCode(400);
    }

    /** A service's report of one merchant's requests: all of them, and those that ended in a 4xx and a 5xx. */
    private static CloudEvent requests(String merchantId, Instant at, String service, boolean live, String all, String client, String server) {
        ObjectNode data = EventJson.mapper().createObjectNode().put("merchant_id", merchantId).put("livemode", live)
                .put("service", service).put("since", at.minusSeconds(10).toString());
        data.set("requests", stats(all));
        data.set("client_errors", stats(client));
        data.set("server_errors", stats(server));
        return event(MerchantEvents.API_REQUESTS_REPORTED, merchantId, at, data);
    }

    /** "count sum min max" in milliseconds, or "0" for none. */
    private static ObjectNode stats(String figures) {
        String[] f = figures.split(" ");
        ObjectNode stats = EventJson.mapper().createObjectNode().put("count", Long.parseLong(f[0]));
        return f.length == 1 ? stats.put("duration_ms_sum", "0")
                : stats.put("duration_ms_sum", f[1]).put("duration_ms_min", f[2]).put("duration_ms_max", f[3]);
    }

    @Test
    void shouldCountTheServicesApiRequestReportsOnceWithTheirErrorsAndResponseTimes() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("analytics:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/analytics/summary");
        Instant ten = Instant.parse("2026-05-02T10:00:00Z");
        ObjectNode keyUse = EventJson.mapper().createObjectNode().put("key_id", Ids.newId(IdPrefix.API_KEY))
                .put("merchant_id", merchant.id()).put("count", 99).put("last_used_at", ten.toString());
        List<CloudEvent> reports = List.of(
                requests(merchant.id(), ten.plusSeconds(5 * 60), "payment-service", false, "10 100.5 2 30.25", "2 10 4 6", "1 30.25 30.25 30.25"),
                requests(merchant.id(), ten.plusSeconds(40 * 60), "merchant-service", false, "5 20 1.5 8", "0", "0"),
                requests(merchant.id(), ten.plusSeconds(70 * 60), "payment-service", false, "1 3.333 3.333 3.333", "0", "0"),
                // Another mode, a key's use (merchant-service's), and figures that cannot be (the shortest longer than the
                // longest; more errors than requests): none of them counts here.
                requests(merchant.id(), ten.plusSeconds(60), "payment-service", true, "7 70 10 10", "0", "0"),
                event(MerchantEvents.API_KEY_USED, merchant.id(), ten, keyUse),
                requests(merchant.id(), ten.plusSeconds(120), "payment-service", false, "3 1 5 2", "0", "0"),
                requests(merchant.id(), ten.plusSeconds(180), "payment-service", false, "2 4 2 2", "3 6 2 2", "0"));
        publish(reports, Topics.API_KEY_USAGE);
        String range = "from=2026-05-02T00:00:00Z&to=2026-05-03T00:00:00Z";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                summary(merchant.key(), range).getLong("api_requests") == 16);
        // The whole stream again, then one more report behind it on the same partition: once that one is counted, the
        // replay has been read, and it changed nothing.
        publish(reports, Topics.API_KEY_USAGE);
        publish(List.of(requests(merchant.id(), ten.plusSeconds(12 * 3600), "payment-service", false, "1 1 1 1", "0", "0")),
                Topics.API_KEY_USAGE);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                summary(merchant.key(), range).getLong("api_requests") == 17);

        String morning = "from=2026-05-02T00:00:00Z&to=2026-05-02T12:00:00Z";
        JsonPath s = summary(merchant.key(), morning);
        assertThat(s.getLong("api_requests")).isEqualTo(16);
        assertThat(s.getString("api_client_error_rate")).isEqualTo("0.125");
        assertThat(s.getString("api_server_error_rate")).isEqualTo("0.0625");
        // (100.5 + 20 + 3.333) ms over 16 requests
        assertThat(s.getString("api_average_response_ms")).isEqualTo("7.74");
        JsonPath series = given().auth().oauth2(merchant.key())
                .get("/v1/analytics/timeseries?metric=api_requests&granularity=hour&" + morning).then().statusCode(200).extract().jsonPath();
        assertThat(series.getList("data.bucket", String.class)).containsExactly("2026-05-02T10:00:00Z", "2026-05-02T11:00:00Z");
        assertThat(series.getList("data.count", Long.class)).containsExactly(15L, 1L);
        assertThat(series.getList("data.sum", String.class)).containsExactly("120.5", "3.333");
        assertThat(series.getList("data.min", String.class)).containsExactly("1.5", "3.333");
        assertThat(series.getList("data.max", String.class)).containsExactly("30.25", "3.333");
        given().auth().oauth2(merchant.key()).get("/v1/analytics/timeseries?metric=api_server_errors&granularity=day&" + morning)
                .then().statusCode(200).body("data[0].count", equalTo(1)).body("data[0].max", equalTo("30.25"));
    }

    @Test
    void shouldDropRawPartitionsPastTheRetentionAndMakeNewOnesAhead() {
        for (ShardDatabase shard : router.shards()) {
            shard.pool().query("SELECT ensure_metric_partitions(10, 0)").execute().await().indefinitely();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            String old = "metric_points_" + today.minusDays(9).toString().replace("-", "");
            String ahead = "metric_points_" + today.plusDays(7).toString().replace("-", "");
            assertThat(partitionsOf(shard)).contains(old);
            int dropped = partitions.maintain(shard, today.minusDays(5)).await().indefinitely();
            assertThat(dropped).isGreaterThanOrEqualTo(5);
            assertThat(partitionsOf(shard)).doesNotContain(old).contains(ahead,
                    "metric_points_" + today.minusDays(5).toString().replace("-", ""));
        }
    }

    private static List<String> partitionsOf(ShardDatabase shard) {
        List<String> names = new ArrayList<>();
        shard.pool().query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "WHERE i.inhparent = 'metric_points'::regclass").execute().await().indefinitely()
                .forEach(row -> names.add(row.getString(0)));
        return names;
    }
}
