package io.paygrid.platform.auth;

import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling and for which merchant. An API key acts for its own merchant; an OIDC merchant user
 * for the merchant its token subject is linked to; an admin or operator for the merchant named in the
 * {@code PayGrid-Merchant} header.
 */
@RequestScoped
public class Caller {

    public static final String MERCHANT_HEADER = "PayGrid-Merchant";

    private final SecurityIdentity identity;
    private final HttpServerRequest request;
    private final PlatformConfig config;

    Caller(SecurityIdentity identity, HttpServerRequest request, PlatformConfig config) {
        this.identity = identity;
        this.request = request;
        this.config = config;
    }

    /** The merchant every lookup of this request is scoped to. */
    public String merchantId() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        String fromKey = identity.getAttribute(CallerAttributes.MERCHANT_ID);
        if (fromKey != null) {
            return fromKey;
        }
        if (isAdmin() || identity.hasRole(Scopes.ROLE_OPERATOR)) {
            String named = request.getHeader(MERCHANT_HEADER);
            if (named == null || named.isBlank()) {
                throw new DomainException(CommonError.MERCHANT_HEADER_REQUIRED,
                        "Name the merchant to act for with the " + MERCHANT_HEADER + " header.");
            }
            if (!Ids.isValid(IdPrefix.MERCHANT, named)) {
                throw new DomainException(CommonError.VALIDATION_FAILED,
                        MERCHANT_HEADER + " must be a merchant id (mer_…).").onField(MERCHANT_HEADER);
            }
            return named;
        }
        throw new DomainException(CommonError.FORBIDDEN, "This user is not linked to a merchant.");
    }

    /**
     * An admin or operator who named no merchant: asking about the whole platform (only where an endpoint offers
     * that, such as analytics). A merchant's key or user never is.
     */
    public boolean isPlatformWide() {
        if (identity.isAnonymous() || identity.getAttribute(CallerAttributes.MERCHANT_ID) != null) {
            return false;
        }
        String named = request.getHeader(MERCHANT_HEADER);
        return (isAdmin() || identity.hasRole(Scopes.ROLE_OPERATOR)) && (named == null || named.isBlank());
    }

    /** Another PayGrid service with the deployment's service token (never an OIDC user, whatever roles its token claims). */
    public boolean isService() {
        return CallerAttributes.KIND_SERVICE.equals(identity.getAttribute(CallerAttributes.KIND));
    }

    public boolean isAdmin() {
        return identity.hasRole(Scopes.ROLE_ADMIN);
    }

    /** {@code test} or {@code live} for an API key; admins and dashboard users act in test mode unless told otherwise. */
    public String mode() {
        String mode = identity.getAttribute(CallerAttributes.MODE);
        return mode == null ? "test" : mode;
    }

    /** The client's address (see {@link ClientAddress}). */
    public String ip() {
        return ClientAddress.of(request, config);
    }

    public String userAgent() {
        String agent = request.getHeader("User-Agent");
        return agent == null || agent.length() <= 512 ? agent : agent.substring(0, 512);
    }

    /** {@code api_key}, {@code admin_key} or {@code oidc}. */
    public String actorKind() {
        String kind = identity.getAttribute(CallerAttributes.KIND);
        return kind != null ? kind : CallerAttributes.KIND_OIDC;
    }

    /** Who did it, as an event's metadata: {@code source} api, the {@code actor} and its {@code actor_kind}. */
    public java.util.Map<String, Object> actorMetadata() {
        java.util.Map<String, Object> metadata = new java.util.HashMap<>();
        metadata.put("source", "api");
        metadata.put("actor", actor());
        metadata.put("actor_kind", actorKind());
        return metadata;
    }

    /** Who did it, for audit trails: a key id, or the OIDC subject, never a secret. */
    public String actor() {
        String keyId = identity.getAttribute(CallerAttributes.KEY_ID);
        if (keyId != null) {
            return keyId;
        }
        if (identity.isAnonymous()) {
            return "anonymous";
        }
        return identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                ? "oidc:" + token.getSubject()
                : identity.getPrincipal().getName();
    }
}
