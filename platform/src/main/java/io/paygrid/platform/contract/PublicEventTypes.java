package io.paygrid.platform.contract;

import java.util.List;

/** The event types merchants receive as webhooks and see in /v1/events (API.md, "Webhooks"). */
public final class PublicEventTypes {

    public static final List<String> ALL = List.of("invoice.created", "invoice.processing", "invoice.paid",
            "invoice.expired", "invoice.cancelled", "invoice.invalid", "payment.created", "payment.confirmed",
            "payment.failed", "payment.reverted", "refund.created", "refund.succeeded", "refund.failed");

    private PublicEventTypes() {
    }
}
