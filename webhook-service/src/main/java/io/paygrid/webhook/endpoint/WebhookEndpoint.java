package io.paygrid.webhook.endpoint;

import java.time.Instant;
import java.util.List;

/** A merchant's receiver of webhooks, for the events of one mode; its secrets are held sealed. */
public record WebhookEndpoint(String id, String merchantId, String mode, String url, String description, List<String> events,
                              String status, Instant createdAt, String disabledReason, Instant disabledAt,
                              Instant failingSince, String secretSealed, String previousSecretSealed,
                              Instant previousSecretExpiresAt) {

    public boolean subscribesTo(String type) {
        return events.contains("*") || events.contains(type);
    }

    public boolean isEnabled() {
        return "enabled".equals(status);
    }
}
