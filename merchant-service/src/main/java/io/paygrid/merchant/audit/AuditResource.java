package io.paygrid.merchant.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.format.DateTimeParseException;

@Path("/v1/audit-logs")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditRepository entries;
    private final Caller caller;

    AuditResource(AuditRepository entries, Caller caller) {
        this.entries = entries;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.MERCHANT_READ)
    @WithSession
    public Uni<Page<AuditView>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter,
                                     @QueryParam("action") String action, @QueryParam("target_id") String targetId,
                                     @QueryParam("created_gte") String createdGte, @QueryParam("created_lt") String createdLt) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.AUDIT_LOG);
        AuditRepository.AuditFilter filter = new AuditRepository.AuditFilter(action, targetId,
                instant("created_gte", createdGte), instant("created_lt", createdLt));
        return entries.newestOfMerchant(caller.merchantId(), filter, page).map(rows -> Page.of(rows, page).map(AuditView::of));
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new DomainException(CommonError.VALIDATION_FAILED, field + " must be an RFC 3339 UTC time.").onField(field);
        }
    }

    public record AuditView(String id, String object, String action, String actor, String actorKind, String targetType,
                            String targetId, String ip, String userAgent, JsonNode before, JsonNode after, Instant createdAt) {
        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.id, "audit_log", entry.action, entry.actor, entry.actorKind, entry.targetType,
                    entry.targetId, entry.ip, entry.userAgent, tree(entry.before), tree(entry.after), entry.createdAt);
        }

        private static JsonNode tree(String json) {
            if (json == null) {
                return null;
            }
            try {
                return EventJson.mapper().readTree(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
