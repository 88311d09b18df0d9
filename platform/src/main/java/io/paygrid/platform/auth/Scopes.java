package io.paygrid.platform.auth;

import java.util.List;
import java.util.Set;

/** API key scopes (API.md); each becomes a role on the caller's security identity. */
public final class Scopes {

    public static final String INVOICES_READ = "invoices:read";
    public static final String INVOICES_WRITE = "invoices:write";
    public static final String REFUNDS_WRITE = "refunds:write";
    public static final String WALLETS_READ = "wallets:read";
    public static final String WALLETS_WRITE = "wallets:write";
    public static final String WEBHOOKS_READ = "webhooks:read";
    public static final String WEBHOOKS_WRITE = "webhooks:write";
    public static final String ANALYTICS_READ = "analytics:read";
    public static final String MERCHANT_READ = "merchant:read";
    public static final String MERCHANT_WRITE = "merchant:write";
    public static final String API_KEYS_WRITE = "api_keys:write";
    public static final String ALL = "*";

    public static final List<String> EVERY_SCOPE = List.of(INVOICES_READ, INVOICES_WRITE, REFUNDS_WRITE, WALLETS_READ,
            WALLETS_WRITE, WEBHOOKS_READ, WEBHOOKS_WRITE, ANALYTICS_READ, MERCHANT_READ, MERCHANT_WRITE, API_KEYS_WRITE);

    public static final List<String> READ_SCOPES = List.of(INVOICES_READ, WALLETS_READ, WEBHOOKS_READ, ANALYTICS_READ,
            MERCHANT_READ);

    /** Roles of OIDC users and the platform admin. */
    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_MERCHANT = "merchant";
    public static final String ROLE_OPERATOR = "operator";
    /** Another PayGrid service calling an internal endpoint with the deployment's service token. */
    public static final String ROLE_SERVICE = "service";

    private Scopes() {
    }

    public static boolean isKnown(String scope) {
        return ALL.equals(scope) || EVERY_SCOPE.contains(scope);
    }

    /** The roles a key with these scopes holds: {@code *} expands to every scope. */
    public static Set<String> rolesFor(List<String> scopes) {
        if (scopes.contains(ALL)) {
            return Set.copyOf(EVERY_SCOPE);
        }
        return Set.copyOf(scopes);
    }
}
