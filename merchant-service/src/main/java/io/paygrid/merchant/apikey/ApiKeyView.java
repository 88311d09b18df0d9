package io.paygrid.merchant.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The API shape of a key, also its picture in the audit log. {@code secret} is present only in the
 * response that created (or rolled) the key and is never stored, audited or published.
 */
public record ApiKeyView(String id, String object, String name, String prefix, String mode, List<String> scopes,
                         Instant expiresAt, Instant revokedAt, Instant lastUsedAt, long usageCount, Instant createdAt, String rolledTo,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    public static ApiKeyView of(ApiKey key) {
        return new ApiKeyView(key.id, "api_key", key.name, key.prefix, key.mode, key.scopeList(), key.expiresAt,
                key.revokedAt, key.lastUsedAt, key.usageCount, key.createdAt, key.rolledTo, null);
    }

    public static ApiKeyView withSecret(ApiKey.Issued issued) {
        ApiKeyView view = of(issued.key());
        return new ApiKeyView(view.id, view.object, view.name, view.prefix, view.mode, view.scopes, view.expiresAt,
                view.revokedAt, view.lastUsedAt, view.usageCount, view.createdAt, view.rolledTo, issued.secret());
    }
}
