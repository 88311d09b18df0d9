package io.paygrid.platform.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token that looks like a PayGrid API key. {@link #toString()} never shows it. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;
    private final String clientAddress;

    public ApiKeyAuthenticationRequest(String key, String clientAddress) {
        this.key = key;
        this.clientAddress = clientAddress;
    }

    public String key() {
        return key;
    }

    /** Where the request came from, for the merchant's IP allowlist. */
    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[" + ApiKeys.prefixOf(key) + "…]";
    }
}
