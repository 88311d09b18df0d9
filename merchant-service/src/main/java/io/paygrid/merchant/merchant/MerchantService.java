package io.paygrid.merchant.merchant;

import io.paygrid.merchant.audit.AuditTrail;
import io.paygrid.merchant.messaging.MerchantEventsOutbox;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.contract.MerchantEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MerchantService {

    private final MerchantRepository merchants;
    private final AuditTrail audit;

    MerchantService(MerchantRepository merchants, AuditTrail audit) {
        this.merchants = merchants;
        this.audit = audit;
    }

    public Uni<Merchant> create(Caller caller, String name, String email, String businessName, MerchantSettings settings) {
        MerchantSettings effective = MerchantSettings.DEFAULTS.merge(settings);
        SettingsRules.check(effective);
        Merchant merchant = Merchant.open(name, email, businessName);
        merchant.replaceSettings(effective);
        merchant.updatedAt = merchant.createdAt;
        return Panache.withTransaction(() -> merchants.persist(merchant)
                .chain(() -> announce(MerchantEvents.MERCHANT_CREATED, merchant))
                .chain(() -> audit.record(caller, merchant.id, "merchant.created", "merchant", merchant.id, null,
                        MerchantView.of(merchant)))
                .invoke(() -> Log.infof("Merchant %s created by %s", merchant.id, caller.actor()))
                .replaceWith(merchant));
    }

    public Uni<Merchant> get(String merchantId) {
        return Panache.withSession(() -> merchants.findExisting(merchantId));
    }

    public Uni<Merchant> update(Caller caller, String merchantId, MerchantPatch patch) {
        if (patch.settings() != null) {
            SettingsRules.check(patch.settings());
        }
        return Panache.withTransaction(() -> merchants.findExisting(merchantId).chain(merchant -> {
            MerchantView before = MerchantView.of(merchant);
            if (patch.name() != null) {
                merchant.name = patch.name();
            }
            if (patch.email() != null) {
                merchant.email = patch.email();
            }
            if (patch.businessName() != null) {
                merchant.businessName = patch.businessName();
            }
            merchant.replaceSettings(merchant.settings().merge(patch.settings()));
            MerchantView after = MerchantView.of(merchant);
            return announce(MerchantEvents.MERCHANT_UPDATED, merchant)
                    .chain(() -> audit.record(caller, merchant.id, "merchant.updated", "merchant", merchant.id, before, after))
                    .replaceWith(merchant);
        }));
    }

    /** Its keys stop working in every service once they see the event; its data stays. */
    public Uni<Merchant> deactivate(Caller caller, String merchantId) {
        return Panache.withTransaction(() -> merchants.findExisting(merchantId).chain(merchant -> {
            if (!merchant.isActive()) {
                return Uni.createFrom().item(merchant);
            }
            MerchantView before = MerchantView.of(merchant);
            merchant.deactivate();
            return announce(MerchantEvents.MERCHANT_DEACTIVATED, merchant)
                    .chain(() -> audit.record(caller, merchant.id, "merchant.deactivated", "merchant", merchant.id,
                            before, MerchantView.of(merchant)))
                    .invoke(() -> Log.infof("Merchant %s deactivated by %s", merchant.id, caller.actor()))
                    .replaceWith(merchant);
        }));
    }

    private static Uni<Void> announce(String type, Merchant merchant) {
        return MerchantEventsOutbox.announce(type, merchant.id, merchant.id, merchant.toEventData());
    }

    /** A PATCH of /v1/merchants/me: absent fields keep their values. */
    public record MerchantPatch(String name, String email, String businessName, MerchantSettings settings) {
    }
}
