package io.paygrid.webhook.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.contract.PublicEventTypes;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.inbox.SkippedEvents;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.webhook.delivery.DeliveryRepository;
import io.paygrid.webhook.delivery.Dispatcher;
import io.paygrid.webhook.endpoint.WebhookEndpointRepository;
import io.paygrid.webhook.event.EventRepository;
import io.paygrid.webhook.event.MerchantEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;
import java.time.Instant;

/**
 * Turns the public facts of payment.events.v1 (invoice.*, payment.*, refund.*) into merchant events, once each, and
 * in the same transaction one pending delivery per subscribed endpoint: nothing is attempted before it is stored.
 * Other types on the topic are internal and skipped quietly.
 */
@ApplicationScoped
public class DomainEventsConsumer {

    public static final String CHANNEL = "paygrid-domain-events";
    static final String CONSUMER = "webhook-events";

    private final ShardRouter router;
    private final EventRepository events;
    private final WebhookEndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final Dispatcher dispatcher;
    private final SkippedEvents skipped;

    DomainEventsConsumer(ShardRouter router, EventRepository events, WebhookEndpointRepository endpoints,
                         DeliveryRepository deliveries, Dispatcher dispatcher, MeterRegistry registry) {
        this.router = router;
        this.events = events;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.skipped = new SkippedEvents(registry, CONSUMER, Topics.PAYMENT_EVENTS);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        Optional<CloudEvent> read = skipped.read(payload);
        if (read.isEmpty() || !PublicEventTypes.ALL.contains(read.get().type())) {
            return Uni.createFrom().voidItem();
        }
        CloudEvent event = read.get();
        if (event.merchantId() == null || event.data() == null || !event.data().isObject()) {
            return skipped.skip("event " + event.id(), event.type() + " without merchant or data");
        }
        String mode = event.data().path("livemode").asBoolean(false) ? "live" : "test";
        MerchantEvent merchantEvent = new MerchantEvent(event.id(), event.merchantId(), mode, event.type(), event.data(),
                event.time() == null ? Instant.now() : event.time());
        return router.inTransaction(event.merchantId(), tx -> Inbox.applyOnce(tx, CONSUMER, event.id(),
                        () -> events.insert(tx, merchantEvent)
                                .flatMap(inserted -> inserted
                                        ? endpoints.subscribed(tx, merchantEvent.merchantId(), mode, merchantEvent.type())
                                        .flatMap(subscribed -> deliveries.createFor(tx, merchantEvent, subscribed))
                                        : Uni.createFrom().voidItem())))
                .invoke(applied -> {
                    if (applied) {
                        dispatcher.nudge(event.merchantId());
                    }
                })
                .replaceWithVoid()
                .plug(Inbox.untilApplied(CONSUMER, event.id()));
    }
}
