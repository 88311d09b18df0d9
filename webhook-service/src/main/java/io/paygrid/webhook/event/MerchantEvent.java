package io.paygrid.webhook.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A merchant-facing event: what a webhook carries and /v1/events lists. {@code data} is the object after the change. */
public record MerchantEvent(String id, String merchantId, String mode, String type, JsonNode data, Instant createdAt) {
}
