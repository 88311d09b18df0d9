package io.paygrid.platform.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.HashSet;

/**
 * Gives OIDC users the scopes their role implies: {@code admin} every scope; {@code operator} the read
 * scopes; {@code merchant} every scope of the one merchant its token subject is linked to (none if
 * unlinked or the merchant is deactivated). API keys already carry their scopes.
 */
@ApplicationScoped
public class RoleScopeAugmentor implements SecurityIdentityAugmentor {

    private static final String MERCHANT_OF_SUBJECT = "SELECT u.merchant_id FROM merchant_user_replica u "
            + "JOIN merchant_replica m ON m.merchant_id = u.merchant_id WHERE u.subject = $1 AND u.linked AND m.active";

    private final Pool mainPool;

    RoleScopeAugmentor(Pool mainPool) {
        this.mainPool = mainPool;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(CallerAttributes.KIND) != null) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(CallerAttributes.KIND, CallerAttributes.KIND_OIDC);
        if (identity.hasRole(Scopes.ROLE_ADMIN)) {
            return Uni.createFrom().item(builder.addRoles(new HashSet<>(Scopes.EVERY_SCOPE)).build());
        }
        if (identity.hasRole(Scopes.ROLE_OPERATOR)) {
            return Uni.createFrom().item(builder.addRoles(new HashSet<>(Scopes.READ_SCOPES)).build());
        }
        if (identity.hasRole(Scopes.ROLE_MERCHANT)) {
            return mainPool.preparedQuery(MERCHANT_OF_SUBJECT).execute(Tuple.of(subjectOf(identity))).map(rows -> {
                if (rows.rowCount() == 0) {
                    return builder.build();
                }
                return builder.addRoles(new HashSet<>(Scopes.EVERY_SCOPE))
                        .addAttribute(CallerAttributes.MERCHANT_ID, rows.iterator().next().getString(0))
                        .build();
            });
        }
        return Uni.createFrom().item(builder.build());
    }

    /** The token's {@code sub}: the stable id of the user at the identity provider. */
    static String subjectOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return identity.getPrincipal().getName();
    }
}
