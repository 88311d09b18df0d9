package io.paygrid.merchant.apikey;

import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Uni<List<ApiKey>> pageOfMerchant(String merchantId, PageRequest page) {
        Sort newestFirst = Sort.descending("id");
        var query = page.startingAfter()
                .map(cursor -> find("merchantId = :merchant and id < :cursor", newestFirst,
                        Parameters.with("merchant", merchantId).and("cursor", cursor)))
                .orElseGet(() -> find("merchantId = :merchant", newestFirst, Parameters.with("merchant", merchantId)));
        return query.page(0, page.fetchSize()).list();
    }

    /** Another merchant's key is not found, exactly like a key that does not exist. */
    public Uni<ApiKey> findOfMerchant(String merchantId, String keyId) {
        return find("id = :id and merchantId = :merchant", Parameters.with("id", keyId).and("merchant", merchantId))
                .firstResult()
                .onItem().ifNull().failWith(() -> DomainException.notFound("API key", keyId));
    }
}
