package io.paygrid.merchant.merchant;

import io.paygrid.platform.error.DomainException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MerchantRepository implements PanacheRepositoryBase<Merchant, String> {

    public Uni<Merchant> findExisting(String merchantId) {
        return findById(merchantId)
                .onItem().ifNull().failWith(() -> DomainException.notFound("merchant", merchantId));
    }
}
