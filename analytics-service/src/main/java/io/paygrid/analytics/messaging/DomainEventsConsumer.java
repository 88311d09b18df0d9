package io.paygrid.analytics.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.analytics.ingest.MetricStore;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;

/**
 * Counts what the domain topics say, each event once (inbox on the merchant's shard, in the transaction of its
 * points and rollups): payment.events.v1 for invoices, payments and refunds, webhook.events.v1 for deliveries.
 * Types that carry no metric are recorded as seen and change nothing.
 */
@ApplicationScoped
public class DomainEventsConsumer {

    static final String CONSUMER = "analytics";

    private final ShardRouter router;
    private final MetricStore store;
    private final Counter unreadable;

    DomainEventsConsumer(ShardRouter router, MetricStore store, MeterRegistry registry) {
        this.router = router;
        this.store = store;
        this.unreadable = Counter.builder("paygrid.consumer.unreadable.events").tag("consumer", CONSUMER)
                .description("Events a consumer could not read, logged and skipped").register(registry);
    }

    @Incoming("paygrid-analytics-payments")
    public Uni<Void> payments(String payload) {
        return consume(payload);
    }

    @Incoming("paygrid-analytics-webhooks")
    public Uni<Void> webhooks(String payload) {
        return consume(payload);
    }

    Uni<Void> consume(String payload) {
        CloudEvent event;
        try {
            event = EventJson.read(payload);
        } catch (IllegalArgumentException e) {
            unreadable.increment();
            Log.errorf("Skipped an unreadable event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (event.merchantId() == null || event.time() == null) {
            unreadable.increment();
            Log.errorf("Skipped event %s (%s) without a merchant or time", event.id(), event.type());
            return Uni.createFrom().voidItem();
        }
        CloudEvent known = event;
        return router.inTransaction(event.merchantId(), tx -> Inbox.applyOnce(tx, CONSUMER, known.id(), () -> store.record(tx, known)))
                .replaceWithVoid()
                .onFailure(IllegalArgumentException.class::isInstance).recoverWithUni(e -> {
                    unreadable.increment();
                    Log.errorf("Skipped event %s (%s) with unreadable data: %s", known.id(), known.type(), e.getMessage());
                    return Uni.createFrom().voidItem();
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
    }
}
