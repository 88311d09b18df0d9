package io.paygrid.platform.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps this service's copy of merchants' API keys and status from {@code merchant.events.v1}, so
 * that authentication never waits on merchant-service. Each event is applied once (inbox) and carries
 * full state, so applying is an upsert.
 */
@ApplicationScoped
public class ApiKeyReplicaConsumer {

    public static final String CHANNEL = "paygrid-merchant-events";
    static final String CONSUMER = "api-key-replica";

    /* Each event carries full state stamped with its time; an older event arriving late changes nothing. */
    private static final String UPSERT_MERCHANT = """
            INSERT INTO merchant_replica AS m (merchant_id, active, updated_at, ip_allowlist, settings)
            VALUES ($1, $2, $3, $4, $5::text::jsonb)
            ON CONFLICT (merchant_id) DO UPDATE SET active = EXCLUDED.active, updated_at = EXCLUDED.updated_at,
                ip_allowlist = EXCLUDED.ip_allowlist, settings = EXCLUDED.settings
             WHERE m.updated_at <= EXCLUDED.updated_at""";
    private static final String UPSERT_USER = """
            INSERT INTO merchant_user_replica AS u (subject, merchant_id, linked, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (subject) DO UPDATE SET merchant_id = EXCLUDED.merchant_id, linked = EXCLUDED.linked,
                updated_at = EXCLUDED.updated_at
             WHERE u.updated_at <= EXCLUDED.updated_at""";
    /* Revocation is final: once a key is revoked here, no event un-revokes it. */
    private static final String UPSERT_KEY = """
            INSERT INTO api_key_replica AS k (key_id, merchant_id, key_hash, prefix, mode, scopes, expires_at, revoked_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (key_id) DO UPDATE SET
                scopes = CASE WHEN k.updated_at <= EXCLUDED.updated_at THEN EXCLUDED.scopes ELSE k.scopes END,
                expires_at = CASE WHEN k.updated_at <= EXCLUDED.updated_at THEN EXCLUDED.expires_at ELSE k.expires_at END,
                revoked_at = COALESCE(k.revoked_at, EXCLUDED.revoked_at),
                updated_at = GREATEST(k.updated_at, EXCLUDED.updated_at)""";

    private final Pool mainPool;
    private final Counter unreadable;

    ApiKeyReplicaConsumer(Pool mainPool, MeterRegistry registry) {
        this.mainPool = mainPool;
        this.unreadable = Counter.builder("paygrid.consumer.unreadable.events")
                .description("Events a consumer could not read or does not know, logged and skipped")
                .tag("consumer", CONSUMER)
                .register(registry);
    }

    /**
     * An event this replica cannot read or does not know is logged as an error, counted and skipped:
     * stopping here would stop every later revocation from reaching this service. Database failures
     * are retried, then fail the channel (the service turns unready rather than serve stale keys).
     */
    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        CloudEvent event;
        try {
            event = EventJson.read(payload);
        } catch (IllegalArgumentException e) {
            return skip("an unreadable event", e.getMessage());
        }
        if (!MerchantEvents.MERCHANT_TYPES.contains(event.type()) && !MerchantEvents.API_KEY_TYPES.contains(event.type())
                && !MerchantEvents.USER_TYPES.contains(event.type())) {
            return skip("unknown event type " + event.type(), "event " + event.id());
        }
        CloudEvent known = event;
        return mainPool.withTransaction(tx -> Inbox.applyOnce(tx, CONSUMER, known.id(), () -> apply(tx, known)))
                .invoke(applied -> {
                    if (applied) {
                        Log.debugf("Applied %s %s for %s", known.type(), known.id(), known.merchantId());
                    }
                })
                .replaceWithVoid()
                .onFailure(IllegalArgumentException.class::isInstance)
                .recoverWithUni(e -> skip("event " + known.id() + " with unreadable data", e.getMessage()))
                .plug(Inbox.untilApplied(CONSUMER, known.id()));
    }

    private Uni<Void> skip(String what, String why) {
        unreadable.increment();
        Log.errorf("Skipped %s on merchant.events.v1: %s", what, why);
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> apply(SqlConnection tx, CloudEvent event) {
        OffsetDateTime eventTime = utc(event.time() == null ? Instant.now() : event.time());
        if (MerchantEvents.MERCHANT_TYPES.contains(event.type())) {
            MerchantData merchant = EventJson.fromTree(event.data(), MerchantData.class);
            requireFields(event, merchant.id(), merchant.status());
            return tx.preparedQuery(UPSERT_MERCHANT)
                    .execute(Tuple.of(merchant.id(), merchant.active(), eventTime, ipAllowlist(merchant), settingsJson(merchant)))
                    .replaceWithVoid();
        }
        if (MerchantEvents.USER_TYPES.contains(event.type())) {
            MerchantEvents.MerchantUserData user = EventJson.fromTree(event.data(), MerchantEvents.MerchantUserData.class);
            requireFields(event, user.merchantId(), user.subject());
            boolean linked = MerchantEvents.MERCHANT_USER_LINKED.equals(event.type());
            return tx.preparedQuery(UPSERT_USER).execute(Tuple.of(user.subject(), user.merchantId(), linked, eventTime))
                    .replaceWithVoid();
        }
        ApiKeyData key = EventJson.fromTree(event.data(), ApiKeyData.class);
        requireFields(event, key.id(), key.merchantId(), key.keyHash(), key.prefix(), key.mode(), key.scopes());
        Tuple row = Tuple.of(key.id(), key.merchantId(), key.keyHash(), key.prefix(), key.mode(),
                        key.scopes().toArray(new String[0]))
                .addValue(utc(key.expiresAt()))
                .addValue(utc(key.revokedAt()))
                .addValue(eventTime);
        return tx.preparedQuery(UPSERT_KEY).execute(row).replaceWithVoid();
    }

    private static String[] ipAllowlist(MerchantData merchant) {
        if (merchant.settings() == null || !merchant.settings().path("ip_allowlist").isArray()) {
            return new String[0];
        }
        List<String> ranges = new ArrayList<>();
        merchant.settings().path("ip_allowlist").forEach(entry -> ranges.add(entry.asText()));
        return ranges.toArray(new String[0]);
    }

    private static String settingsJson(MerchantData merchant) {
        return merchant.settings() != null && merchant.settings().isObject() ? merchant.settings().toString() : "{}";
    }

    private static void requireFields(CloudEvent event, Object... fields) {
        for (Object field : fields) {
            if (field == null) {
                throw new IllegalArgumentException("event " + event.id() + " (" + event.type() + ") lacks a required field");
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
