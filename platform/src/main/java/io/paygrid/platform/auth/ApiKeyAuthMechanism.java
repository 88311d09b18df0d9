package io.paygrid.platform.auth;

import io.paygrid.platform.config.PlatformConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Authorization: Bearer sk_test_…} (an API key) or {@code Bearer <platform admin key>}. Any other
 * bearer token is left to the OIDC mechanism, which runs after this one.
 */
@ApplicationScoped
public class ApiKeyAuthMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final PlatformConfig config;
    private final Optional<String> adminKeyHash;
    private final Optional<String> serviceTokenHash;

    ApiKeyAuthMechanism(PlatformConfig config) {
        this.config = config;
        this.adminKeyHash = config.auth().adminKeyHash().filter(h -> !h.isBlank())
                .or(() -> config.auth().adminKey().filter(k -> !k.isBlank())
                        .map(key -> ApiKeys.hash(key, config.auth().keyHashSecret())));
        this.serviceTokenHash = config.auth().serviceToken().filter(t -> !t.isBlank())
                .map(token -> ApiKeys.hash(token, config.auth().keyHashSecret()));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().optional(Optional.empty());
        }
        String token = header.substring(BEARER.length()).trim();
        String tokenHash = ApiKeys.hash(token, config.auth().keyHashSecret());
        if (adminKeyHash.isPresent() && ApiKeys.constantTimeEquals(adminKeyHash.get(), tokenHash)) {
            return Uni.createFrom().item(adminIdentity());
        }
        if (serviceTokenHash.isPresent() && ApiKeys.constantTimeEquals(serviceTokenHash.get(), tokenHash)) {
            return Uni.createFrom().item(serviceIdentity());
        }
        if (token.startsWith("sk_")) {
            if (!ApiKeys.looksLikeKey(token)) {
                return Uni.createFrom().failure(new AuthenticationFailedException("malformed API key"));
            }
            return identityProviderManager.authenticate(
                    new ApiKeyAuthenticationRequest(token, ClientAddress.of(context.request(), config)));
        }
        return Uni.createFrom().optional(Optional.empty());
    }

    private static SecurityIdentity adminIdentity() {
        Set<String> roles = new HashSet<>(Scopes.EVERY_SCOPE);
        roles.add(Scopes.ROLE_ADMIN);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("platform-admin"))
                .addRoles(roles)
                .addAttribute(CallerAttributes.KIND, CallerAttributes.KIND_ADMIN_KEY)
                .build();
    }

    /** A peer service: only the internal role, no merchant scope and no merchant. */
    private static SecurityIdentity serviceIdentity() {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("paygrid-service"))
                .addRole(Scopes.ROLE_SERVICE)
                .addAttribute(CallerAttributes.KIND, CallerAttributes.KIND_SERVICE)
                .build();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"paygrid\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
