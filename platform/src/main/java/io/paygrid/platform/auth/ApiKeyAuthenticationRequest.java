package io.paygrid.platform.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token that looks like a PayGrid API key. {@link #toString()} never shows it. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[" + ApiKeys.prefixOf(key) + "…]";
    }
}
