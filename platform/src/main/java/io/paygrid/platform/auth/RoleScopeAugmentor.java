package io.paygrid.platform.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives OIDC users the scopes their role implies: {@code admin} and {@code merchant} every scope,
 * {@code operator} the read scopes. API keys already carry their scopes.
 */
@ApplicationScoped
public class RoleScopeAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(CallerAttributes.KIND) != null) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity);
        if (identity.hasRole(Scopes.ROLE_ADMIN) || identity.hasRole(Scopes.ROLE_MERCHANT)) {
            builder.addRoles(new java.util.HashSet<>(Scopes.EVERY_SCOPE));
        } else if (identity.hasRole(Scopes.ROLE_OPERATOR)) {
            builder.addRoles(new java.util.HashSet<>(Scopes.READ_SCOPES));
        }
        return Uni.createFrom().item(builder.build());
    }
}
