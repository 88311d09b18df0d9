package io.paygrid.payment.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events one transaction appends to an invoice's stream, in order. The invoice row moves from
 * {@code expectedVersion} to {@code expectedVersion + size()}; if another transaction moved it first, the
 * write fails and nothing of this one is kept.
 */
public final class InvoiceHistory {

    private final String invoiceId;
    private final String merchantId;
    private final long expectedVersion;
    private final Map<String, Object> metadata;
    private final List<Pending> events = new ArrayList<>();

    public InvoiceHistory(String invoiceId, String merchantId, long expectedVersion, Map<String, Object> metadata) {
        this.invoiceId = invoiceId;
        this.merchantId = merchantId;
        this.expectedVersion = expectedVersion;
        this.metadata = Map.copyOf(metadata);
    }

    public InvoiceHistory record(String type, Object data) {
        events.add(new Pending(type, data));
        return this;
    }

    public String invoiceId() {
        return invoiceId;
    }

    public String merchantId() {
        return merchantId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long newVersion() {
        return expectedVersion + events.size();
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    List<Pending> events() {
        return events;
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    record Pending(String type, Object data) {
    }
}
