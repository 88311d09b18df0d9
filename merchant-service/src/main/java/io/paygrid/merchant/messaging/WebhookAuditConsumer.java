package io.paygrid.merchant.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.contract.WebhookEvents;
import io.paygrid.platform.contract.WebhookEvents.EndpointDisabledData;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.inbox.SkippedEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/**
 * Writes into the merchant's audit trail what webhook-service did on its own: an endpoint it disabled (410 Gone, or
 * failing for days). Delivery outcomes on the same topic are for analytics and skipped here.
 */
@ApplicationScoped
public class WebhookAuditConsumer {

    static final String CONSUMER = "webhook-audit";
    private static final String RECORD = "INSERT INTO audit_log (id, merchant_id, actor, actor_kind, action, target_type, target_id, "
            + "after, created_at) VALUES ($1, $2, 'webhook-service', 'service', 'webhook_endpoint.disabled', 'webhook_endpoint', $3, "
            + "$4, $5)";

    private final Pool mainPool;
    private final SkippedEvents skipped;

    WebhookAuditConsumer(Pool mainPool, MeterRegistry registry) {
        this.mainPool = mainPool;
        this.skipped = new SkippedEvents(registry, CONSUMER, "webhook.events.v1");
    }

    @Incoming("webhook-events")
    public Uni<Void> consume(String payload) {
        Optional<CloudEvent> read = skipped.read(payload);
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        CloudEvent event = read.get();
        if (!WebhookEvents.ENDPOINT_DISABLED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        EndpointDisabledData disabled;
        try {
            disabled = EventJson.fromTree(event.data(), EndpointDisabledData.class);
        } catch (IllegalArgumentException e) {
            return skipped.skip("event " + event.id(), "unreadable data: " + e.getMessage());
        }
        if (disabled.merchantId() == null || disabled.endpointId() == null) {
            return skipped.skip("event " + event.id(), "no merchant or endpoint");
        }
        String eventId = event.id();
        Instant at = event.time() == null ? Instant.now() : event.time();
        return mainPool.withTransaction(tx -> Inbox.applyOnce(tx, CONSUMER, eventId, () -> tx.preparedQuery(RECORD)
                        .execute(Tuple.tuple(Arrays.asList(Ids.newId(IdPrefix.AUDIT_LOG), disabled.merchantId(), disabled.endpointId(),
                                EventJson.writeValue(disabled), at.atOffset(ZoneOffset.UTC))))
                        .replaceWithVoid()))
                .replaceWithVoid()
                .plug(Inbox.untilApplied(CONSUMER, eventId));
    }
}
