package io.paygrid.merchant.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.inbox.SkippedEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.ZoneOffset;
import java.util.Optional;

/** Adds the usage every service reports to the key's count and last use: one write per report, not per request. */
@ApplicationScoped
public class ApiKeyUsageConsumer {

    static final String CONSUMER = "api-key-usage";
    private static final String ADD_USAGE = "UPDATE api_keys SET usage_count = usage_count + $2, "
            + "last_used_at = GREATEST(coalesce(last_used_at, $3), $3) WHERE id = $1 AND merchant_id = $4";

    private final Pool mainPool;
    private final SkippedEvents skipped;

    ApiKeyUsageConsumer(Pool mainPool, MeterRegistry registry) {
        this.mainPool = mainPool;
        this.skipped = new SkippedEvents(registry, CONSUMER, "api-key.usage.v1");
    }

    @Incoming("api-key-usage")
    public Uni<Void> consume(String payload) {
        Optional<CloudEvent> read = skipped.read(payload);
        if (read.isEmpty() || MerchantEvents.API_REQUESTS_REPORTED.equals(read.get().type())) {
            // The same topic's request figures are analytics-service's.
            return Uni.createFrom().voidItem();
        }
        CloudEvent event = read.get();
        MerchantEvents.ApiKeyUsageData usage;
        try {
            usage = EventJson.fromTree(event.data(), MerchantEvents.ApiKeyUsageData.class);
        } catch (IllegalArgumentException e) {
            return skipped.skip("event " + event.id(), "unreadable data: " + e.getMessage());
        }
        if (!MerchantEvents.API_KEY_USED.equals(event.type()) || usage.keyId() == null || usage.lastUsedAt() == null) {
            return skipped.skip("event " + event.id(), "type " + event.type() + " without a key or its last use");
        }
        String eventId = event.id();
        return mainPool.withTransaction(tx -> Inbox.applyOnce(tx, CONSUMER, eventId, () -> tx.preparedQuery(ADD_USAGE)
                        .execute(Tuple.of(usage.keyId(), usage.count(), usage.lastUsedAt().atOffset(ZoneOffset.UTC),
                                usage.merchantId()))
                        .replaceWithVoid()))
                .replaceWithVoid()
                .plug(Inbox.untilApplied(CONSUMER, eventId));
    }
}
