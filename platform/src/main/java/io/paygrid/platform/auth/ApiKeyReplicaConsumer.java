package io.paygrid.platform.auth;

import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.MerchantEvents.ApiKeyData;
import io.paygrid.platform.contract.MerchantEvents.MerchantData;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.inbox.Inbox;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps this service's copy of merchants' API keys and status from {@code merchant.events.v1}, so
 * that authentication never waits on merchant-service. Each event is applied once (inbox) and carries
 * full state, so applying is an upsert.
 */
@ApplicationScoped
public class ApiKeyReplicaConsumer {

    public static final String CHANNEL = "paygrid-merchant-events";
    static final String CONSUMER = "api-key-replica";

    private static final String UPSERT_MERCHANT = """
            INSERT INTO merchant_replica (merchant_id, active, updated_at) VALUES ($1, $2, now())
            ON CONFLICT (merchant_id) DO UPDATE SET active = EXCLUDED.active, updated_at = now()""";
    private static final String UPSERT_KEY = """
            INSERT INTO api_key_replica (key_id, merchant_id, key_hash, prefix, mode, scopes, expires_at, revoked_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
            ON CONFLICT (key_id) DO UPDATE SET scopes = EXCLUDED.scopes, expires_at = EXCLUDED.expires_at,
                revoked_at = EXCLUDED.revoked_at, updated_at = now()""";

    private final Pool mainPool;

    ApiKeyReplicaConsumer(Pool mainPool) {
        this.mainPool = mainPool;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        CloudEvent event = EventJson.read(payload);
        return mainPool.withTransaction(tx -> Inbox.applyOnce(tx, CONSUMER, event.id(), () -> apply(tx, event)))
                .invoke(applied -> {
                    if (applied) {
                        Log.debugf("Applied %s %s for %s", event.type(), event.id(), event.merchantId());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> apply(SqlConnection tx, CloudEvent event) {
        if (MerchantEvents.MERCHANT_TYPES.contains(event.type())) {
            MerchantData merchant = EventJson.fromTree(event.data(), MerchantData.class);
            return tx.preparedQuery(UPSERT_MERCHANT).execute(Tuple.of(merchant.id(), merchant.active())).replaceWithVoid();
        }
        if (MerchantEvents.API_KEY_TYPES.contains(event.type())) {
            ApiKeyData key = EventJson.fromTree(event.data(), ApiKeyData.class);
            Tuple row = Tuple.of(key.id(), key.merchantId(), key.keyHash(), key.prefix(), key.mode(),
                            key.scopes().toArray(new String[0]))
                    .addValue(utc(key.expiresAt()))
                    .addValue(utc(key.revokedAt()));
            return tx.preparedQuery(UPSERT_KEY).execute(row).replaceWithVoid();
        }
        return Uni.createFrom().failure(new IllegalArgumentException(
                "Unknown event type " + event.type() + " on merchant.events.v1 (event " + event.id() + ")"));
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
