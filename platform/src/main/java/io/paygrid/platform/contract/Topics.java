package io.paygrid.platform.contract;

/** The documented Kafka topics. Keys are merchant ids; values are CloudEvents 1.0 JSON. */
public final class Topics {

    public static final String MERCHANT_EVENTS = "merchant.events.v1";
    public static final String PAYMENT_EVENTS = "payment.events.v1";
    public static final String CHAIN_EVENTS = "chain.events.v1";
    public static final String WALLET_EVENTS = "wallet.events.v1";
    public static final String WEBHOOK_EVENTS = "webhook.events.v1";
    /** Batched API key usage reported by every service, for merchant-service's last_used_at and counts. */
    public static final String API_KEY_USAGE = "api-key.usage.v1";

    private Topics() {
    }
}
