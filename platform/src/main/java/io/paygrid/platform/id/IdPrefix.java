package io.paygrid.platform.id;

/** The prefixes of PayGrid's public ids, as fixed in DESIGN.md. */
public enum IdPrefix {
    MERCHANT("mer"),
    API_KEY("key"),
    INVOICE("inv"),
    PAYMENT("pay"),
    REFUND("re"),
    CUSTOMER("cus"),
    EVENT("evt"),
    WEBHOOK_ENDPOINT("we"),
    WEBHOOK_DELIVERY("wd"),
    WALLET("wal"),
    AUDIT_LOG("aud"),
    DERIVATION_SCHEME("ds"),
    ADDRESS_LEASE("lea"),
    CHAIN_TRANSFER("ctx"),
    LEDGER_ENTRY("led"),
    RATE("rate");

    private final String prefix;

    IdPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
