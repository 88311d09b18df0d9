package io.paygrid.merchant.apikey;

import io.paygrid.merchant.merchant.MerchantRepository;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.outbox.Outbox;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final MerchantRepository merchants;
    private final PlatformConfig config;

    ApiKeyService(ApiKeyRepository keys, MerchantRepository merchants, PlatformConfig config) {
        this.keys = keys;
        this.merchants = merchants;
        this.config = config;
    }

    public Uni<ApiKey.Issued> create(String merchantId, String name, String mode, List<String> scopes, Instant expiresAt) {
        return Panache.withTransaction(() -> merchants.findExisting(merchantId).chain(merchant -> {
            ApiKey.Issued issued = ApiKey.issue(merchant.id, name, mode, scopes, expiresAt, config.auth().keyHashSecret());
            return keys.persist(issued.key())
                    .chain(() -> announce(MerchantEvents.API_KEY_CREATED, issued.key()))
                    .invoke(() -> Log.infof("API key %s (%s…) created for %s", issued.key().id, issued.key().prefix, merchantId))
                    .replaceWith(issued);
        }));
    }

    public Uni<Page<ApiKey>> list(String merchantId, PageRequest page) {
        return Panache.withSession(() -> keys.pageOfMerchant(merchantId, page)).map(rows -> Page.of(rows, page));
    }

    public Uni<ApiKey> revoke(String merchantId, String keyId) {
        return Panache.withTransaction(() -> keys.findOfMerchant(merchantId, keyId).chain(key -> {
            if (key.revokedAt != null) {
                return Uni.createFrom().item(key);
            }
            key.revoke();
            return announce(MerchantEvents.API_KEY_REVOKED, key)
                    .invoke(() -> Log.infof("API key %s revoked for %s", key.id, merchantId))
                    .replaceWith(key);
        }));
    }

    private static Uni<Void> announce(String type, ApiKey key) {
        CloudEvent event = CloudEvent.of(type, "/merchant-service", key.merchantId, key.id, EventJson.toTree(key.toEventData()));
        return Panache.getSession().chain(session -> Outbox.append(session, Topics.MERCHANT_EVENTS, event));
    }
}
