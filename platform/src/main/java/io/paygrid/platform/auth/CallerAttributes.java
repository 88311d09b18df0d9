package io.paygrid.platform.auth;

/** Attribute names PayGrid puts on a {@link io.quarkus.security.identity.SecurityIdentity}. */
public final class CallerAttributes {

    public static final String MERCHANT_ID = "paygrid.merchant_id";
    public static final String KEY_ID = "paygrid.key_id";
    public static final String MODE = "paygrid.mode";
    public static final String KIND = "paygrid.kind";
    public static final String KIND_API_KEY = "api_key";
    public static final String KIND_ADMIN_KEY = "admin_key";
    public static final String KIND_OIDC = "oidc";
    public static final String KIND_SERVICE = "service";

    private CallerAttributes() {
    }
}
