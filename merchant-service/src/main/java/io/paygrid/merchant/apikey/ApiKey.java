package io.paygrid.merchant.apikey;

import io.paygrid.platform.auth.ApiKeys;
import io.paygrid.platform.contract.MerchantEvents.ApiKeyData;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

@Entity
@Table(name = "api_keys")
public class ApiKey extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "merchant_id")
    public String merchantId;
    public String name;
    public String prefix;
    @Column(name = "key_hash")
    public String keyHash;
    public String mode;
    /** Space-separated scopes. */
    public String scopes;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The key that replaced this one in a roll. */
    @Column(name = "rolled_to")
    public String rolledTo;
    /** Requests authenticated with this key in every service, as they report it (a few seconds behind). */
    @Column(name = "usage_count")
    public long usageCount;

    /** A new key; the secret exists only in the returned {@link Issued} and is never stored. */
    public static Issued issue(String merchantId, String name, String mode, List<String> scopes, Instant expiresAt,
                               String hashSecret) {
        String secret = ApiKeys.generate(mode);
        ApiKey key = new ApiKey();
        key.id = Ids.newId(IdPrefix.API_KEY);
        key.merchantId = merchantId;
        key.name = name;
        key.prefix = ApiKeys.prefixOf(secret);
        key.keyHash = ApiKeys.hash(secret, hashSecret);
        key.mode = mode;
        key.scopes = String.join(" ", scopes);
        key.expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
        key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new Issued(key, secret);
    }

    public void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
    }

    /** Ends this key's life at {@code at} (kept earlier if it already expires sooner), naming its successor. */
    public void rollTo(String successor, Instant at) {
        rolledTo = successor;
        Instant end = at.truncatedTo(ChronoUnit.MICROS);
        if (expiresAt == null || expiresAt.isAfter(end)) {
            expiresAt = end;
        }
    }

    public boolean isUsable(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    public List<String> scopeList() {
        return Arrays.asList(scopes.split(" "));
    }

    public ApiKeyData toEventData() {
        return new ApiKeyData(id, merchantId, keyHash, prefix, mode, scopeList(), expiresAt, revokedAt);
    }

    public record Issued(ApiKey key, String secret) {
        @Override
        public String toString() {
            return "Issued[" + key.id + "]";
        }
    }
}
