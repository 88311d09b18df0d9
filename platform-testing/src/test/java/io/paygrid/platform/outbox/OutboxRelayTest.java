package io.paygrid.platform.outbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.platform.support.ShardTestRows;
import io.paygrid.testing.TopicReader;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class OutboxRelayTest {

    @Inject
    OutboxRelay relay;

    @Inject
    KafkaOutboxSender kafka;

    @Inject
    ShardRouter router;

    @Test
    void shouldPublishEveryRowExactlyOnceToConsumersEvenWhenStoppedBetweenSendAndMark() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        String topic = "test.outbox." + Ids.newId(IdPrefix.EVENT);
        List<String> eventIds = writeEvents(merchant, topic, 5);
        Pool shard = router.poolFor(merchant);

        // The third event reaches the broker, then the relay dies before marking it sent.
        AtomicInteger sends = new AtomicInteger();
        OutboxSender stopsAfterThirdSend = message -> kafka.send(message).chain(() -> sends.incrementAndGet() == 3
                ? Uni.createFrom().failure(new IllegalStateException("relay stopped between send and mark"))
                : Uni.createFrom().voidItem());
        int markedFirst = relay.relayBatch(shard, stopsAfterThirdSend).await().atMost(Duration.ofSeconds(30));
        assertThat(markedFirst).isEqualTo(2);
        assertThat(unpublished(shard, topic)).containsExactly(eventIds.get(2), eventIds.get(3), eventIds.get(4));

        // Restarted, the relay sends what is not marked: the third event again, then the rest.
        relay.relayAll().await().atMost(Duration.ofSeconds(30));
        assertThat(unpublished(shard, topic)).isEmpty();
        assertThat(ShardTestRows.count(shard, "SELECT attempts FROM outbox WHERE event_id = $1", eventIds.get(2))).isEqualTo(2);

        List<ConsumerRecord<String, String>> records = TopicReader.read(topic, 6, Duration.ofSeconds(30));
        List<String> delivered = records.stream().map(r -> EventJson.read(r.value()).id()).toList();
        assertThat(delivered).as("at-least-once, in order, the unmarked one twice")
                .containsExactly(eventIds.get(0), eventIds.get(1), eventIds.get(2), eventIds.get(2), eventIds.get(3), eventIds.get(4));
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(merchant));

        // A consumer that records applied ids in the effect's transaction applies each event once.
        for (ConsumerRecord<String, String> record : records) {
            CloudEvent event = EventJson.read(record.value());
            router.inTransaction(merchant, tx -> Inbox.applyOnce(tx, "outbox-test", event.id(), () -> tx
                    .preparedQuery("INSERT INTO test_effects (event_id) VALUES ($1)")
                    .execute(Tuple.of(event.id())).replaceWithVoid())).await().indefinitely();
        }
        List<String> effects = ShardTestRows.column(shard,
                "SELECT event_id FROM test_effects WHERE event_id = ANY($1) ORDER BY event_id", (Object) eventIds.toArray(new String[0]));
        assertThat(effects).containsExactlyElementsOf(eventIds.stream().sorted().toList());
    }

    @Test
    void shouldPublishNothingThatWasRolledBack() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        String topic = "test.rollback." + Ids.newId(IdPrefix.EVENT);
        CloudEvent event = CloudEvent.of("test.happened", "/platform-test", merchant, "x", JsonNodeFactory.instance.objectNode());
        Uni<Void> failing = router.inTransaction(merchant, tx -> Outbox.append(tx, topic, event)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("business rule failed"))));
        assertThat(failing.onFailure().recoverWithNull().await().indefinitely()).isNull();

        relay.relayAll().await().atMost(Duration.ofSeconds(30));
        assertThat(ShardTestRows.count(router.poolFor(merchant), "SELECT count(*) FROM outbox WHERE topic = $1", topic)).isZero();
        assertThat(TopicReader.read(topic, 1, Duration.ofSeconds(2))).isEmpty();
    }

    private List<String> writeEvents(String merchant, String topic, int count) {
        List<String> ids = new ArrayList<>();
        router.inTransaction(merchant, tx -> {
            Uni<Void> chain = tx.preparedQuery("INSERT INTO test_items (id, merchant_id) VALUES ($1, $2)")
                    .execute(Tuple.of("outbox-" + topic, merchant)).replaceWithVoid();
            for (int i = 0; i < count; i++) {
                CloudEvent event = CloudEvent.of("test.happened", "/platform-test", merchant, "item-" + i,
                        JsonNodeFactory.instance.objectNode().put("n", i));
                ids.add(event.id());
                chain = chain.chain(() -> Outbox.append(tx, topic, event));
            }
            return chain;
        }).await().indefinitely();
        return ids;
    }

    private static List<String> unpublished(Pool shard, String topic) {
        return ShardTestRows.column(shard,
                "SELECT event_id FROM outbox WHERE topic = $1 AND published_at IS NULL ORDER BY seq", topic);
    }
}
