package io.paygrid.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.paygrid.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.paygrid.webhook.delivery.Dispatcher;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class WebhookDeliveryTest {

    @Inject
    ShardRouter router;

    @Inject
    Scheduler scheduler;

    @Inject
    Dispatcher dispatcher;

    private static MerchantFixtures.TestMerchant merchant() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("*"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/webhook-endpoints");
        return merchant;
    }

    private static JsonPath endpoint(String key, String url, String... events) {
        return given().auth().oauth2(key).contentType("application/json")
                .body(new JsonObject().put("url", url).put("events", List.of(events)).put("description", "shop").encode())
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().jsonPath();
    }

    /** invoice.paid as payment-service publishes it on payment.events.v1. */
    private static CloudEvent publishInvoicePaid(String merchantId) {
        String invoiceId = Ids.newId(IdPrefix.INVOICE);
        var data = EventJson.mapper().createObjectNode().put("id", invoiceId).put("object", "invoice").put("status", "paid")
                .put("amount", "25.00").put("currency", "USD").put("livemode", false);
        CloudEvent event = CloudEvent.of("invoice.paid", "/payment-service", merchantId, invoiceId, data);
        MerchantFixtures.publishTo(Topics.PAYMENT_EVENTS, merchantId, EventJson.write(event));
        return event;
    }

    private static void awaitRequests(Receiver receiver, int count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> receiver.requests.size() >= count);
    }

    @Test
    void shouldSignSoThatTheStandardWebhooksLibraryVerifiesAndRejectsTamperingAndStaleTimestamps() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        try (Receiver receiver = Receiver.on("127.0.0.1")) {
            JsonPath created = endpoint(merchant.key(), receiver.url("127.0.0.1"), "invoice.paid");
            String secret = created.getString("secret");
            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);
            CloudEvent event = publishInvoicePaid(merchant.id());
            awaitRequests(receiver, 1);
            Receiver.Received request = receiver.requests.get(0);

            new Webhook(secret).verify(request.body(), request.headers());
            assertThat(request.header("webhook-id")).isEqualTo(event.id());
            JsonObject body = new JsonObject(request.body());
            assertThat(body.getString("id")).isEqualTo(event.id());
            assertThat(body.getString("type")).isEqualTo("invoice.paid");
            assertThat(body.getJsonObject("data").getJsonObject("object").getString("id")).isEqualTo(event.subject());
            assertThat(body.getString("created")).isNotBlank();

            String tampered = request.body().replace("25.00", "2500.00");
            assertThatThrownBy(() -> new Webhook(secret).verify(tampered, request.headers()))
                    .isInstanceOf(WebhookVerificationException.class);
            long stale = Instant.now().minusSeconds(6 * 60).getEpochSecond();
            HttpHeaders staleHeaders = HttpHeaders.of(Map.of("webhook-id", List.of(event.id()),
                    "webhook-timestamp", List.of(Long.toString(stale)),
                    "webhook-signature", List.of("v1," + sign(secret, event.id() + "." + stale + "." + request.body()))), (a, b) -> true);
            assertThatThrownBy(() -> new Webhook(secret).verify(request.body(), staleHeaders))
                    .isInstanceOf(WebhookVerificationException.class);

            given().auth().oauth2(merchant.key()).get("/v1/events/" + event.id()).then().statusCode(200)
                    .body("type", equalTo("invoice.paid")).body("data.object.id", equalTo(event.subject()));
            given().auth().oauth2(merchant.key()).get("/v1/webhook-endpoints/" + created.getString("id")).then().statusCode(200)
                    .body("secret", nullValue()).body("status", equalTo("enabled"));
            await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(merchant.key())
                    .get("/v1/webhook-deliveries?endpoint_id=" + created.getString("id")).then().extract().jsonPath()
                    .getList("data.status").equals(List.of("sent")));
        }
    }

    @Test
    void shouldRetryAFailingReceiverAndDeliverOnTheNextAttemptWithTheSameId() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        try (Receiver receiver = Receiver.on("127.0.0.1").failingFirst(3)) {
            JsonPath created = endpoint(merchant.key(), receiver.url("127.0.0.1"), "*");
            CloudEvent event = publishInvoicePaid(merchant.id());
            awaitRequests(receiver, 4);
            assertThat(receiver.requests).extracting(r -> r.header("webhook-id")).containsOnly(event.id());
            String deliveryId = await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(merchant.key())
                    .get("/v1/webhook-deliveries?status=sent&endpoint_id=" + created.getString("id")).then().extract().jsonPath()
                    .getString("data[0].id"), id -> id != null);
            given().auth().oauth2(merchant.key()).get("/v1/webhook-deliveries/" + deliveryId).then().statusCode(200)
                    .body("attempts", equalTo(4)).body("attempt_history.status_code", equalTo(List.of(500, 500, 500, 200)))
                    .body("attempt_history[0].response_body", equalTo("nope"));
            List<CloudEvent> outcomes = TopicReader.read(Topics.WEBHOOK_EVENTS, 4, Duration.ofSeconds(20)).stream()
                    .map(r -> EventJson.read(r.value())).filter(e -> deliveryId.equals(e.subject())).toList();
            assertThat(outcomes).extracting(CloudEvent::type).contains("webhook.delivery.failed", "webhook.delivery.succeeded");

            given().auth().oauth2(merchant.key()).post("/v1/webhook-deliveries/" + deliveryId + "/redeliver").then().statusCode(200);
            awaitRequests(receiver, 5);
            assertThat(receiver.requests.get(4).header("webhook-id")).isEqualTo(event.id());
        }
    }

    @Test
    void shouldNotLetASleepingEndpointSlowAnother() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        try (Receiver sleepy = Receiver.on("127.0.0.1").sleeping(5000); Receiver quick = Receiver.on("127.0.0.1")) {
            endpoint(merchant.key(), sleepy.url("127.0.0.1"), "*");
            endpoint(merchant.key(), quick.url("127.0.0.1"), "*");
            for (int i = 0; i < 12; i++) {
                publishInvoicePaid(merchant.id());
            }
            awaitRequests(quick, 12);
            awaitRequests(sleepy, 1);
            Instant firstSleepyTimeout = sleepy.requests.get(0).at().plusSeconds(2);
            Instant lastQuick = quick.requests.get(11).at();
            // All of the quick endpoint's deliveries arrived before the sleepy one's first attempt had even timed out.
            assertThat(lastQuick).isBefore(firstSleepyTimeout);
            assertThat(sleepy.requests.size()).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void shouldWorkOffAnEndpointsBacklogAsSlotsFreeUpWithoutWaitingForThePoll() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        scheduler.pause(Dispatcher.SCHEDULE);
        try (Receiver slow = Receiver.on("127.0.0.1").sleeping(200)) {
            endpoint(merchant.key(), slow.url("127.0.0.1"), "*");
            for (int i = 0; i < 30; i++) {
                publishInvoicePaid(merchant.id());
            }
            // Four at a time to one endpoint: with the scheduled pass paused, only finished attempts can start the rest.
            awaitRequests(slow, 30);
            assertThat(slow.requests).hasSize(30);
        } finally {
            scheduler.resume(Dispatcher.SCHEDULE);
        }
    }

    @Test
    void shouldHaveRecordedEveryAttemptUnderWayOnceItIsIdleAsAtShutdown() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        try (Receiver slow = Receiver.on("127.0.0.1").sleeping(1500).answering(503)) {
            String endpointId = endpoint(merchant.key(), slow.url("127.0.0.1"), "*").getString("id");
            publishInvoicePaid(merchant.id());
            awaitRequests(slow, 1);
            // What the shutdown waits for: the answer still to come, then its record.
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(10))).isTrue();
            given().auth().oauth2(merchant.key()).get("/v1/webhook-deliveries?endpoint_id=" + endpointId).then().statusCode(200)
                    .body("data", hasSize(1)).body("data[0].attempts", equalTo(1)).body("data[0].status", equalTo("retrying"));
        }
    }

    @Test
    void shouldDisableAnEndpointThatAnswersGone() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        try (Receiver receiver = Receiver.on("127.0.0.1").answering(410)) {
            String id = endpoint(merchant.key(), receiver.url("127.0.0.1"), "*").getString("id");
            publishInvoicePaid(merchant.id());
            await().atMost(Duration.ofSeconds(20)).until(() -> "disabled".equals(given().auth().oauth2(merchant.key())
                    .get("/v1/webhook-endpoints/" + id).then().extract().path("status")));
            given().auth().oauth2(merchant.key()).get("/v1/webhook-endpoints/" + id).then()
                    .body("disabled_reason", equalTo("the receiver answered 410 Gone"));
            publishInvoicePaid(merchant.id());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> receiver.requests.size() == 1);

            receiver.answering(200);
            given().auth().oauth2(merchant.key()).contentType("application/json")
                    .body("{\"status\": \"enabled\", \"replay_missed\": true}")
                    .patch("/v1/webhook-endpoints/" + id).then().statusCode(200).body("status", equalTo("enabled"));
            awaitRequests(receiver, 2);
        }
    }

    @Test
    void shouldRefuseEveryPrivateAddressClassAtRegistrationUnlessAllowListed() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        for (String url : List.of("http://127.0.0.2/h", "http://10.0.0.1/h", "http://172.16.0.1/h", "http://192.168.1.1/h",
                "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/h", "http://[::1]/h", "http://[fc00::1]/h",
                "http://[fe80::1]/h", "http://[::ffff:10.0.0.1]/h", "http://[::ffff:169.254.169.254]/h", "http://0.0.0.0/h",
                "http://2130706433/h", "http://[64:ff9b::a9fe:a9fe]/h", "http://0177.0.0.1/h", "http://0x7f.0.0.1/h", "http://127.1/h", "ftp://127.0.0.1/h",
                "http://user:pass@127.0.0.1/h")) {
            given().auth().oauth2(merchant.key()).contentType("application/json")
                    .body(new JsonObject().put("url", url).put("events", List.of("*")).encode())
                    .post("/v1/webhook-endpoints").then().statusCode(422).contentType("application/problem+json")
                    .body("code", equalTo("url_not_allowed")).body("errors[0].field", equalTo("url"));
        }
        given().auth().oauth2(merchant.key()).contentType("application/json")
                .body("{\"url\": \"http://127.0.0.1:9/h\", \"events\": [\"invoice.refunded\"]}")
                .post("/v1/webhook-endpoints").then().statusCode(422).body("code", equalTo("unknown_event_type"));
        given().auth().oauth2(merchant.key()).get("/v1/webhook-endpoints").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void shouldCheckTheAddressAgainAtDeliveryAndNeverConnectToARefusedOne() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        try (Receiver forbidden = Receiver.on("127.0.0.2")) {
            String id = endpoint(merchant.key(), "http://127.0.0.1:9/h", "*").getString("id");
            // As if the endpoint's name now resolved elsewhere: the stored URL points at a loopback address not allow-listed.
            router.poolFor(merchant.id()).preparedQuery("UPDATE webhook_endpoints SET url = $2 WHERE id = $1")
                    .execute(Tuple.of(id, forbidden.url("127.0.0.2"))).await().indefinitely();
            publishInvoicePaid(merchant.id());
            String error = await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(merchant.key())
                    .get("/v1/webhook-deliveries?endpoint_id=" + id).then().extract().jsonPath().getString("data[0].last_error"),
                    e -> e != null);
            assertThat(error).startsWith("url_not_allowed");
            assertThat(forbidden.connections.get()).isZero();
            assertThat(forbidden.requests).isEmpty();
        }
    }

    @Test
    void shouldSignWithBothSecretsDuringARotationAndHideEndpointsFromOtherMerchants() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        MerchantFixtures.TestMerchant other = merchant();
        try (Receiver receiver = Receiver.on("127.0.0.1")) {
            JsonPath created = endpoint(merchant.key(), receiver.url("127.0.0.1"), "invoice.paid");
            String id = created.getString("id");
            String oldSecret = created.getString("secret");
            String newSecret = given().auth().oauth2(merchant.key()).contentType("application/json").body("{\"expire_old_in_minutes\": 60}")
                    .post("/v1/webhook-endpoints/" + id + "/rotate-secret").then().statusCode(200)
                    .body("secret", startsWith("whsec_")).extract().path("secret");
            assertThat(newSecret).isNotEqualTo(oldSecret);
            publishInvoicePaid(merchant.id());
            awaitRequests(receiver, 1);
            Receiver.Received request = receiver.requests.get(0);
            assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
            new Webhook(newSecret).verify(request.body(), request.headers());
            new Webhook(oldSecret).verify(request.body(), request.headers());

            given().auth().oauth2(other.key()).get("/v1/webhook-endpoints/" + id).then().statusCode(404);
            given().auth().oauth2(other.key()).delete("/v1/webhook-endpoints/" + id).then().statusCode(404);
            given().auth().oauth2(other.key()).get("/v1/events").then().statusCode(200).body("data", hasSize(0));
            given().auth().oauth2(merchant.key()).delete("/v1/webhook-endpoints/" + id).then().statusCode(200)
                    .body("deleted", equalTo(true));
            given().auth().oauth2(merchant.key()).get("/v1/webhook-endpoints/" + id).then().statusCode(404);
        }
    }

    @Test
    void shouldMakeOneEventAndOneDeliveryOfAnEventSeenTwice() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        try (Receiver receiver = Receiver.on("127.0.0.1")) {
            endpoint(merchant.key(), receiver.url("127.0.0.1"), "*");
            CloudEvent event = publishInvoicePaid(merchant.id());
            MerchantFixtures.publishTo(Topics.PAYMENT_EVENTS, merchant.id(), EventJson.write(event));
            awaitRequests(receiver, 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> receiver.requests.size() == 1);
            given().auth().oauth2(merchant.key()).get("/v1/events").then().statusCode(200).body("data", hasSize(1));
        }
    }

    private static String sign(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
