package io.paygrid.merchant.apikey;

import io.paygrid.merchant.audit.AuditTrail;
import io.paygrid.merchant.merchant.MerchantRepository;
import io.paygrid.merchant.messaging.MerchantEventsOutbox;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final MerchantRepository merchants;
    private final PlatformConfig config;
    private final AuditTrail audit;

    ApiKeyService(ApiKeyRepository keys, MerchantRepository merchants, PlatformConfig config, AuditTrail audit) {
        this.keys = keys;
        this.merchants = merchants;
        this.config = config;
        this.audit = audit;
    }

    public Uni<ApiKey.Issued> create(Caller caller, String merchantId, String name, String mode, List<String> scopes,
                                     Instant expiresAt) {
        return Panache.withTransaction(() -> merchants.findExisting(merchantId).chain(merchant -> {
            ApiKey.Issued issued = ApiKey.issue(merchant.id, name, mode, scopes, expiresAt, config.auth().keyHashSecret());
            return keys.persist(issued.key())
                    .chain(() -> announce(MerchantEvents.API_KEY_CREATED, issued.key()))
                    .chain(() -> audit.record(caller, merchantId, "api_key.created", "api_key", issued.key().id, null,
                            ApiKeyView.of(issued.key())))
                    .invoke(() -> Log.infof("API key %s (%s…) created for %s", issued.key().id, issued.key().prefix, merchantId))
                    .replaceWith(issued);
        }));
    }

    public Uni<Page<ApiKey>> list(String merchantId, PageRequest page) {
        return Panache.withSession(() -> keys.pageOfMerchant(merchantId, page)).map(rows -> Page.of(rows, page));
    }

    public Uni<ApiKey> revoke(Caller caller, String merchantId, String keyId) {
        return Panache.withTransaction(() -> keys.findOfMerchant(merchantId, keyId).chain(key -> {
            if (key.revokedAt != null) {
                return Uni.createFrom().item(key);
            }
            ApiKeyView before = ApiKeyView.of(key);
            key.revoke();
            return announce(MerchantEvents.API_KEY_REVOKED, key)
                    .chain(() -> audit.record(caller, merchantId, "api_key.revoked", "api_key", key.id, before, ApiKeyView.of(key)))
                    .invoke(() -> Log.infof("API key %s revoked for %s", key.id, merchantId))
                    .replaceWith(key);
        }));
    }

    /**
     * A new key with the same name, mode and scopes; the old one keeps working for {@code overlap} so
     * servers can switch over without a failed request, then expires.
     */
    public Uni<ApiKey.Issued> roll(Caller caller, String merchantId, String keyId, Duration overlap) {
        return Panache.withTransaction(() -> keys.findOfMerchant(merchantId, keyId).chain(old -> {
            Instant now = Instant.now();
            if (!old.isUsable(now)) {
                throw new DomainException(ApiKeyError.KEY_NOT_ACTIVE, "Only an active key can be rolled; this one is "
                        + (old.revokedAt != null ? "revoked." : "expired."));
            }
            ApiKeyView before = ApiKeyView.of(old);
            ApiKey.Issued successor = ApiKey.issue(merchantId, old.name, old.mode, old.scopeList(), old.expiresAt,
                    config.auth().keyHashSecret());
            old.rollTo(successor.key().id, now.plus(overlap));
            return keys.persist(successor.key())
                    .chain(() -> announce(MerchantEvents.API_KEY_CREATED, successor.key()))
                    .chain(() -> announce(MerchantEvents.API_KEY_UPDATED, old))
                    .chain(() -> audit.record(caller, merchantId, "api_key.rolled", "api_key", old.id, before, ApiKeyView.of(old)))
                    .chain(() -> audit.record(caller, merchantId, "api_key.created", "api_key", successor.key().id, null,
                            ApiKeyView.of(successor.key())))
                    .invoke(() -> Log.infof("API key %s rolled to %s for %s; the old one expires at %s",
                            old.id, successor.key().id, merchantId, old.expiresAt))
                    .replaceWith(successor);
        }));
    }

    private static Uni<Void> announce(String type, ApiKey key) {
        return MerchantEventsOutbox.announce(type, key.merchantId, key.id, key.toEventData());
    }

    enum ApiKeyError implements io.paygrid.platform.error.ErrorCode {
        KEY_NOT_ACTIVE;

        @Override
        public String code() {
            return "api_key_not_active";
        }

        @Override
        public int status() {
            return 409;
        }

        @Override
        public String title() {
            return "The API key is revoked or expired.";
        }
    }
}
