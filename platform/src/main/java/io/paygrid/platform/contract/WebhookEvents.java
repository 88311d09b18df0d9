package io.paygrid.platform.contract;

import java.util.Set;

/**
 * The contract of {@code webhook.events.v1}, published by webhook-service: how each delivery attempt ended, and
 * endpoints it disabled. Keyed by merchant id.
 */
public final class WebhookEvents {

    public static final String DELIVERY_SUCCEEDED = "webhook.delivery.succeeded";
    public static final String DELIVERY_FAILED = "webhook.delivery.failed";
    /** webhook-service stopped sending to an endpoint (410 Gone, or failing for days); merchant-service audits it. */
    public static final String ENDPOINT_DISABLED = "webhook.endpoint.disabled";

    public static final Set<String> TYPES = Set.of(DELIVERY_SUCCEEDED, DELIVERY_FAILED, ENDPOINT_DISABLED);

    private WebhookEvents() {
    }

    /** {@code data} of webhook.delivery.*: one attempt; {@code status} is the delivery's after it (sent, retrying, failed). */
    public record DeliveryOutcomeData(String deliveryId, String endpointId, String merchantId, String eventId, String eventType,
                                      int attempt, String status, Integer statusCode, int durationMs, boolean livemode) {
    }

    /** {@code data} of webhook.endpoint.disabled (without the URL, which may carry the merchant's tokens). */
    public record EndpointDisabledData(String endpointId, String merchantId, String reason) {
    }
}
