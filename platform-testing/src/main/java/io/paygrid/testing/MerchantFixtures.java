package io.paygrid.testing;

import io.paygrid.platform.auth.ApiKeys;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Plays merchant-service in tests that need an authenticated merchant: publishes merchant.events.v1 to the real broker. */
public final class MerchantFixtures {

    private MerchantFixtures() {
    }

    public static void merchant(String merchantId, String status) {
        publish(MerchantEvents.MERCHANT_CREATED, merchantId,
                new MerchantEvents.MerchantData(merchantId, "Test shop", status, null, Instant.now()));
    }

    /** Announces a merchant whose API calls must come from the given ranges. */
    public static void merchantWithAllowlist(String merchantId, List<String> ipAllowlist) {
        var settings = EventJson.mapper().createObjectNode();
        ipAllowlist.forEach(settings.putArray("ip_allowlist")::add);
        publish(MerchantEvents.MERCHANT_UPDATED, merchantId,
                new MerchantEvents.MerchantData(merchantId, "Test shop", "active", settings, Instant.now()));
    }

    /** Creates a key for the merchant, announces it, and returns its secret. */
    public static String apiKey(String merchantId, List<String> scopes, Instant revokedAt) {
        String secret = ApiKeys.generate("test");
        publish(revokedAt == null ? MerchantEvents.API_KEY_CREATED : MerchantEvents.API_KEY_REVOKED, merchantId,
                keyData(Ids.newId(IdPrefix.API_KEY), merchantId, secret, scopes, revokedAt));
        return secret;
    }

    /** The api_key.* event data of a key with this secret. */
    public static MerchantEvents.ApiKeyData keyData(String keyId, String merchantId, String secret, List<String> scopes,
                                                    Instant revokedAt) {
        return new MerchantEvents.ApiKeyData(keyId, merchantId, ApiKeys.hash(secret, PayGridTestResource.KEY_HASH_SECRET),
                ApiKeys.prefixOf(secret), "test", scopes, null, revokedAt);
    }

    /** A new active merchant and a key with the given scopes, announced; the key works once the service has replicated it. */
    public static TestMerchant activeMerchant(List<String> scopes) {
        String merchantId = Ids.newId(IdPrefix.MERCHANT);
        merchant(merchantId, "active");
        return new TestMerchant(merchantId, apiKey(merchantId, scopes, null));
    }

    public record TestMerchant(String id, String key) {
    }

    public static void publish(String type, String merchantId, Object data) {
        CloudEvent event = CloudEvent.of(type, "/merchant-service", merchantId, merchantId, EventJson.toTree(data));
        publishRaw(merchantId, EventJson.write(event));
    }

    /** An event stamped with the given time, as one that was delayed in transit would be. */
    public static void publishAt(Instant time, String type, String merchantId, Object data) {
        CloudEvent now = CloudEvent.of(type, "/merchant-service", merchantId, merchantId, EventJson.toTree(data));
        CloudEvent event = new CloudEvent(now.specVersion(), now.id(), type, now.source(), time, now.subject(),
                now.dataContentType(), merchantId, now.data());
        publishRaw(merchantId, EventJson.write(event));
    }

    /** Any payload at all, keyed by the merchant, on merchant.events.v1. */
    public static void publishRaw(String merchantId, String payload) {
        publishTo(Topics.MERCHANT_EVENTS, merchantId, payload);
    }

    /** A structured-mode CloudEvent (or any payload) on any topic, keyed by the merchant, as the outbox relay sends it. */
    public static void publishTo(String topic, String merchantId, String payload) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfra.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, merchantId, payload);
            // The same structured-mode header the outbox relay sends, so consumers are tested as in production.
            record.headers().add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
