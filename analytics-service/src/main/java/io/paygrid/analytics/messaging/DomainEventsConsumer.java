package io.paygrid.analytics.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.analytics.ingest.MetricStore;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.inbox.SkippedEvents;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Counts what the domain topics say, each event once (inbox on the merchant's shard, in the transaction of its
 * points and rollups): payment.events.v1 for invoices, payments and refunds, webhook.events.v1 for deliveries,
 * api-key.usage.v1 for API requests.
 * Types that carry no metric are recorded as seen and change nothing.
 */
@ApplicationScoped
public class DomainEventsConsumer {

    static final String CONSUMER = "analytics";

    private final ShardRouter router;
    private final MetricStore store;
    private final SkippedEvents skipped;

    DomainEventsConsumer(ShardRouter router, MetricStore store, MeterRegistry registry) {
        this.router = router;
        this.store = store;
        this.skipped = new SkippedEvents(registry, CONSUMER, "payment.events.v1, webhook.events.v1 and api-key.usage.v1");
    }

    @Incoming("paygrid-analytics-payments")
    public Uni<Void> payments(String payload) {
        return consume(payload);
    }

    @Incoming("paygrid-analytics-webhooks")
    public Uni<Void> webhooks(String payload) {
        return consume(payload);
    }

    /** api-key.usage.v1: the services' batched API request figures; the per-key use beside them is merchant-service's. */
    @Incoming("paygrid-analytics-api-usage")
    public Uni<Void> apiUsage(String payload) {
        return skipped.read(payload).filter(event -> !MerchantEvents.API_KEY_USED.equals(event.type())).map(this::apply)
                .orElse(Uni.createFrom().voidItem());
    }

    Uni<Void> consume(String payload) {
        return skipped.read(payload).map(this::apply).orElse(Uni.createFrom().voidItem());
    }

    private Uni<Void> apply(CloudEvent known) {
        if (known.merchantId() == null || known.time() == null) {
            return skipped.skip("event " + known.id(), known.type() + " without a merchant or time");
        }
        return router.inTransaction(known.merchantId(), tx -> Inbox.applyOnce(tx, CONSUMER, known.id(), () -> store.record(tx, known)))
                .replaceWithVoid()
                .onFailure(IllegalArgumentException.class::isInstance)
                .recoverWithUni(e -> skipped.skip("event " + known.id(), known.type() + " with unreadable data: " + e.getMessage()))
                .plug(Inbox.untilApplied(CONSUMER, known.id()));
    }
}
