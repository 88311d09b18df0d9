package io.paygrid.merchant.messaging;

import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.inbox.Inbox;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.ZoneOffset;

/** Adds the usage every service reports to the key's count and last use: one write per report, not per request. */
@ApplicationScoped
public class ApiKeyUsageConsumer {

    static final String CONSUMER = "api-key-usage";
    private static final String ADD_USAGE = "UPDATE api_keys SET usage_count = usage_count + $2, "
            + "last_used_at = GREATEST(coalesce(last_used_at, $3), $3) WHERE id = $1 AND merchant_id = $4";

    private final Pool mainPool;

    ApiKeyUsageConsumer(Pool mainPool) {
        this.mainPool = mainPool;
    }

    @Incoming("api-key-usage")
    public Uni<Void> consume(String payload) {
        CloudEvent event;
        MerchantEvents.ApiKeyUsageData usage;
        try {
            event = EventJson.read(payload);
            if (MerchantEvents.API_REQUESTS_REPORTED.equals(event.type())) {
                // The same topic's request figures are analytics-service's.
                return Uni.createFrom().voidItem();
            }
            usage = EventJson.fromTree(event.data(), MerchantEvents.ApiKeyUsageData.class);
        } catch (IllegalArgumentException e) {
            Log.errorf("Skipped an unreadable API key usage report: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!MerchantEvents.API_KEY_USED.equals(event.type()) || usage.keyId() == null || usage.lastUsedAt() == null) {
            Log.errorf("Skipped event %s of type %s on the usage topic", event.id(), event.type());
            return Uni.createFrom().voidItem();
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
