package io.paygrid.webhook.endpoint;

import java.time.Instant;
import java.util.List;

public record WebhookEndpoint(String id, String merchantId, String url, String description, List<String> events,
                              String status, Instant createdAt) {
}
