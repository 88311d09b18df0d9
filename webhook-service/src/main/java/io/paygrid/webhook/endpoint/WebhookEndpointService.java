package io.paygrid.webhook.endpoint;

import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.webhook.WebhookError;
import io.paygrid.webhook.config.WebhookConfig;
import io.paygrid.webhook.delivery.DeliveryRepository;
import io.paygrid.webhook.delivery.Signer;
import io.paygrid.webhook.ssrf.AddressGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Endpoint use cases: register (the URL checked, a secret made and sealed), change, re-enable with replay, rotate, delete. */
@ApplicationScoped
public class WebhookEndpointService {

    private final ShardRouter router;
    private final WebhookEndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final AddressGuard guard;
    private final SecretBox secrets;
    private final IdempotencyService idempotency;
    private final WebhookConfig config;

    WebhookEndpointService(ShardRouter router, WebhookEndpointRepository endpoints, DeliveryRepository deliveries, AddressGuard guard,
                           SecretBox secrets, IdempotencyService idempotency, WebhookConfig config) {
        this.router = router;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.guard = guard;
        this.secrets = secrets;
        this.idempotency = idempotency;
        this.config = config;
    }

    public Uni<IdempotentResponse> create(String merchantId, String mode, String url, List<String> events, String description,
                                          String idempotencyKey, String requestBody) {
        AddressGuard.Target target = guard.parse(url);
        return guard.resolve(target).flatMap(checked -> {
            String secret = Signer.newSecret();
            return idempotency.execute(merchantId, idempotencyKey, "POST /v1/webhook-endpoints " + mode, requestBody,
                    tx -> endpoints.insert(tx, Ids.newId(IdPrefix.WEBHOOK_ENDPOINT), merchantId, mode, url, description, events,
                                    secrets.seal(secret))
                            .map(endpoint -> IdempotentResponse.created(idempotency.toJson(EndpointView.of(endpoint, secret)))
                                    .replayedAs(idempotency.toJson(EndpointView.of(endpoint, null)))));
        });
    }

    /**
     * Changes what is given. Enabling a disabled endpoint clears its failure record; with {@code replayMissed} the
     * events it missed while disabled are queued to it again, oldest first.
     */
    public Uni<WebhookEndpoint> update(String merchantId, String mode, String id, Change change) {
        Uni<Void> urlChecked = change.url() == null ? Uni.createFrom().voidItem()
                : guard.resolve(guard.parse(change.url())).replaceWithVoid();
        return urlChecked.flatMap(ignored -> router.inTransaction(merchantId, tx -> endpoints.lock(tx, merchantId, mode, id)
                .flatMap(before -> {
                    boolean enabling = "enabled".equals(change.status()) && !before.isEnabled();
                    boolean disabling = "disabled".equals(change.status()) && before.isEnabled();
                    WebhookEndpoint after = new WebhookEndpoint(before.id(), before.merchantId(), before.mode(),
                            change.url() != null ? change.url() : before.url(),
                            change.description() != null ? change.description() : before.description(),
                            change.events() != null ? change.events() : before.events(),
                            change.status() != null ? change.status() : before.status(), before.createdAt(),
                            enabling ? null : disabling ? "disabled by the merchant" : before.disabledReason(),
                            enabling ? null : disabling ? Instant.now() : before.disabledAt(),
                            enabling ? null : before.failingSince(), before.secretSealed(), before.previousSecretSealed(),
                            before.previousSecretExpiresAt());
                    Uni<WebhookEndpoint> saved = endpoints.update(tx, after);
                    if (enabling && change.replayMissed() && before.disabledAt() != null) {
                        return saved.call(endpoint -> deliveries.replayMissed(tx, endpoint, before.disabledAt()));
                    }
                    return saved;
                })));
    }

    public Uni<EndpointView> rotateSecret(String merchantId, String mode, String id, Integer expireOldInMinutes) {
        Duration overlap = expireOldInMinutes == null ? config.secretOverlap() : Duration.ofMinutes(expireOldInMinutes);
        String secret = Signer.newSecret();
        return router.inTransaction(merchantId, tx -> endpoints.lock(tx, merchantId, mode, id)
                .flatMap(endpoint -> {
                    // A second rotation now would drop the oldest secret while receivers may still expect it.
                    if (endpoint.previousSecretExpiresAt() != null && Instant.now().isBefore(endpoint.previousSecretExpiresAt())) {
                        throw new DomainException(WebhookError.INVALID_STATE, "The previous secret still signs until "
                                + endpoint.previousSecretExpiresAt() + "; rotate again after that.");
                    }
                    return endpoints.rotate(tx, endpoint.id(), secrets.seal(secret), Instant.now().plus(overlap));
                }))
                .map(endpoint -> EndpointView.of(endpoint, secret));
    }

    public Uni<Void> delete(String merchantId, String mode, String id) {
        return router.inTransaction(merchantId, tx -> endpoints.lock(tx, merchantId, mode, id)
                .flatMap(endpoint -> endpoints.delete(tx, endpoint.id())));
    }

    /** The secrets that sign now: the current one, and the previous one while its overlap lasts. */
    public List<String> signingSecrets(WebhookEndpoint endpoint, Instant now) {
        String current = secrets.open(endpoint.secretSealed());
        if (endpoint.previousSecretSealed() != null && endpoint.previousSecretExpiresAt() != null
                && now.isBefore(endpoint.previousSecretExpiresAt())) {
            return List.of(current, secrets.open(endpoint.previousSecretSealed()));
        }
        return List.of(current);
    }


    /** A PATCH: null leaves a field as it is. */
    public record Change(String url, List<String> events, String description, String status, boolean replayMissed) {
    }

    /** An endpoint as the API shows it; {@code secret} only in the answer that made it. */
    public record EndpointView(String id, String object, String url, String description, List<String> events, String status,
                               String disabledReason, boolean livemode, Instant createdAt, String secret) {
        public static EndpointView of(WebhookEndpoint e, String secret) {
            return new EndpointView(e.id(), "webhook_endpoint", e.url(), e.description(), e.events(), e.status(),
                    e.disabledReason(), "live".equals(e.mode()), e.createdAt(), secret);
        }
    }
}
