package io.paygrid.platform.auth;

import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.usage.ApiUsageRecorder;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Checks an API key against this service's replica of the key table: the keyed hash must exist and
 * match, the key be neither revoked nor expired, and its merchant active. No request waits on
 * merchant-service.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private static final String LOOKUP = """
            SELECT k.key_id, k.merchant_id, k.key_hash, k.mode, k.scopes, k.expires_at, k.revoked_at, m.active, m.ip_allowlist
              FROM api_key_replica k LEFT JOIN merchant_replica m ON m.merchant_id = k.merchant_id
             WHERE k.key_hash = $1""";

    /** Attribute of the AuthenticationFailedException that means "too many requests": seconds to wait. */
    public static final String RETRY_AFTER = "paygrid.retry_after_seconds";
    /** Attribute of the AuthenticationFailedException that means "valid key, but not from this address". */
    public static final String ADDRESS_REFUSED = "paygrid.address_refused";

    private final Pool mainPool;
    private final PlatformConfig config;
    private final ApiKeyRateLimiter rateLimiter;
    private final ApiUsageRecorder usage;

    ApiKeyIdentityProvider(Pool mainPool, PlatformConfig config, ApiKeyRateLimiter rateLimiter, ApiUsageRecorder usage) {
        this.mainPool = mainPool;
        this.config = config;
        this.rateLimiter = rateLimiter;
        this.usage = usage;
    }

    /** An empty allowlist allows every address; otherwise the client's address must fall in one range. */
    static boolean allowed(String[] allowlist, String clientAddress) {
        if (allowlist == null || allowlist.length == 0) {
            return true;
        }
        return IpRange.literal(clientAddress)
                .map(address -> Arrays.stream(allowlist).map(IpRange::parse)
                        .anyMatch(range -> range.isPresent() && range.get().contains(address)))
                .orElse(false);
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        String hash = ApiKeys.hash(request.key(), config.auth().keyHashSecret());
        return mainPool.preparedQuery(LOOKUP).execute(Tuple.of(hash)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw new AuthenticationFailedException("unknown API key");
            }
            Row row = rows.iterator().next();
            if (!ApiKeys.constantTimeEquals(row.getString("key_hash"), hash)) {
                throw new AuthenticationFailedException("unknown API key");
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
            if (row.getOffsetDateTime("revoked_at") != null || (expiresAt != null && !expiresAt.isAfter(now))
                    || !Boolean.TRUE.equals(row.getBoolean("active"))) {
                throw new AuthenticationFailedException("inactive API key");
            }
            if (!allowed(row.getArrayOfStrings("ip_allowlist"), request.clientAddress())) {
                throw new AuthenticationFailedException("address not allowed", Map.of(ADDRESS_REFUSED, true));
            }
            String keyId = row.getString("key_id");
            OptionalLong wait = rateLimiter.tryAcquire(keyId);
            if (wait.isPresent()) {
                throw new AuthenticationFailedException("rate limited", Map.of(RETRY_AFTER, wait.getAsLong()));
            }
            String merchantId = row.getString("merchant_id");
            usage.keyUsed(keyId, merchantId);
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(merchantId))
                    .addRoles(Scopes.rolesFor(Arrays.asList(row.getArrayOfStrings("scopes"))))
                    .addAttribute(CallerAttributes.KIND, CallerAttributes.KIND_API_KEY)
                    .addAttribute(CallerAttributes.MERCHANT_ID, merchantId)
                    .addAttribute(CallerAttributes.KEY_ID, keyId)
                    .addAttribute(CallerAttributes.MODE, row.getString("mode"))
                    .addCredential(new TokenCredential(ApiKeys.prefixOf(request.key()), "api_key"))
                    .build();
        });
    }
}
