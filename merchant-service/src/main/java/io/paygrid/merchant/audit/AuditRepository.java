package io.paygrid.merchant.audit;

import io.paygrid.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, String> {

    public Uni<List<AuditEntry>> newestOfMerchant(String merchantId, AuditFilter filter, PageRequest page) {
        List<String> conditions = new ArrayList<>(List.of("merchantId = :merchant"));
        Parameters parameters = Parameters.with("merchant", merchantId);
        if (page.startingAfter().isPresent()) {
            conditions.add("id < :cursor");
            parameters.and("cursor", page.startingAfter().get());
        }
        if (filter.action() != null) {
            conditions.add("action = :action");
            parameters.and("action", filter.action());
        }
        if (filter.targetId() != null) {
            conditions.add("targetId = :target");
            parameters.and("target", filter.targetId());
        }
        if (filter.createdGte() != null) {
            conditions.add("createdAt >= :from");
            parameters.and("from", filter.createdGte());
        }
        if (filter.createdLt() != null) {
            conditions.add("createdAt < :to");
            parameters.and("to", filter.createdLt());
        }
        return find(String.join(" and ", conditions), Sort.descending("id"), parameters).page(0, page.fetchSize()).list();
    }

    public record AuditFilter(String action, String targetId, Instant createdGte, Instant createdLt) {
    }
}
