package io.paygrid.wallet;

import io.paygrid.platform.error.ErrorCode;

/** The errors of wallet-service's API. */
public enum WalletError implements ErrorCode.Defined {
    UNKNOWN_NETWORK("unknown_network", 422, "The network is not known or not enabled."),
    INVALID_XPUB("invalid_xpub", 422, "The extended public key cannot be used for this network."),
    XPUB_IN_USE("xpub_in_use", 409, "The extended public key's addresses are already in use."),
    REGISTRATION_IN_PROGRESS("registration_in_progress", 409, "Another registration for this network is in progress."),
    UNSUPPORTED_PAYMENT_METHOD("unsupported_payment_method", 422, "The payment method is not offered by this deployment."),
    NO_DERIVATION_SCHEME("no_derivation_scheme", 409, "The merchant has not registered an extended public key for this network."),
    RATE_UNAVAILABLE("rate_unavailable", 503, "No exchange rate source answered in time.");

    private final Definition definition;

    WalletError(String code, int status, String title) {
        this.definition = new Definition(code, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    @Override
    public boolean retryable() {
        return this == REGISTRATION_IN_PROGRESS || status() >= 500;
    }
}
