package io.paygrid.merchant.merchant;

import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MerchantService {

    static final String SOURCE = "/merchant-service";

    private final MerchantRepository merchants;

    MerchantService(MerchantRepository merchants) {
        this.merchants = merchants;
    }

    public Uni<Merchant> create(String name, String email, String businessName) {
        Merchant merchant = Merchant.open(name, email, businessName);
        return Panache.withTransaction(() -> merchants.persist(merchant)
                .chain(() -> announce(MerchantEvents.MERCHANT_CREATED, merchant))
                .replaceWith(merchant));
    }

    public Uni<Merchant> get(String merchantId) {
        return Panache.withSession(() -> merchants.findExisting(merchantId));
    }

    private static Uni<Void> announce(String type, Merchant merchant) {
        CloudEvent event = CloudEvent.of(type, SOURCE, merchant.id, merchant.id, EventJson.toTree(merchant.toEventData()));
        return Panache.getSession().chain(session -> Outbox.append(session, Topics.MERCHANT_EVENTS, event));
    }
}
