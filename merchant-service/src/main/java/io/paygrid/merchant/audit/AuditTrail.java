package io.paygrid.merchant.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Records administrative actions in the caller's transaction, so an action and its audit row commit
 * together. {@code before} and {@code after} are the API views of the target, which hold no secrets.
 */
@ApplicationScoped
public class AuditTrail {

    private final AuditRepository entries;

    AuditTrail(AuditRepository entries) {
        this.entries = entries;
    }

    public Uni<Void> record(Caller caller, String merchantId, String action, String targetType, String targetId,
                            Object before, Object after) {
        AuditEntry entry = new AuditEntry();
        entry.id = Ids.newId(IdPrefix.AUDIT_LOG);
        entry.merchantId = merchantId;
        entry.actor = caller.actor();
        entry.actorKind = caller.actorKind();
        entry.action = action;
        entry.targetType = targetType;
        entry.targetId = targetId;
        entry.ip = caller.ip();
        entry.userAgent = caller.userAgent();
        entry.before = json(before);
        entry.after = json(after);
        entry.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return entries.persist(entry).replaceWithVoid();
    }

    private static String json(Object view) {
        if (view == null) {
            return null;
        }
        try {
            return EventJson.mapper().writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
