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
                new MerchantEvents.MerchantData(merchantId, "Test shop", status, Instant.now()));
    }

    /** Creates a key for the merchant, announces it, and returns its secret. */
    public static String apiKey(String merchantId, List<String> scopes, Instant revokedAt) {
        String secret = ApiKeys.generate("test");
        String keyId = Ids.newId(IdPrefix.API_KEY);
        publish(revokedAt == null ? MerchantEvents.API_KEY_CREATED : MerchantEvents.API_KEY_REVOKED, merchantId,
                new MerchantEvents.ApiKeyData(keyId, merchantId, ApiKeys.hash(secret, PayGridTestResource.KEY_HASH_SECRET),
                        ApiKeys.prefixOf(secret), "test", scopes, null, revokedAt));
        return secret;
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
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfra.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.MERCHANT_EVENTS, merchantId, EventJson.write(event));
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
