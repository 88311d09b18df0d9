package io.paygrid.webhook.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.outbox.Outbox;
import io.paygrid.platform.shard.ShardDatabase;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.webhook.config.WebhookConfig;
import io.paygrid.webhook.delivery.DeliveryRepository.Attempt;
import io.paygrid.webhook.delivery.DeliveryRepository.Work;
import io.paygrid.webhook.endpoint.WebhookEndpoint;
import io.paygrid.webhook.endpoint.WebhookEndpointRepository;
import io.paygrid.webhook.endpoint.WebhookEndpointService;
import io.paygrid.webhook.ssrf.AddressGuard;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends due deliveries. Each pass claims what this instance has room for (a global bound, and a bound per endpoint,
 * so a slow endpoint holds only its own slots) and starts the attempts without waiting for them; each attempt's
 * outcome is written with its outbox event in one transaction. A claim is a lease: if this instance dies, the
 * delivery is due again when the lease ends, and is sent again with the same webhook-id (at-least-once).
 */
@ApplicationScoped
public class Dispatcher {

    public static final String DELIVERY_SUCCEEDED = "webhook.delivery.succeeded";
    public static final String DELIVERY_FAILED = "webhook.delivery.failed";
    public static final String ENDPOINT_DISABLED = "webhook.endpoint.disabled";

    private final ShardRouter router;
    private final DeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final WebhookEndpointService endpointService;
    private final AddressGuard guard;
    private final WebhookConfig config;
    private final HttpClient client;
    private final String source;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();

    Dispatcher(ShardRouter router, DeliveryRepository deliveries, WebhookEndpointRepository endpoints,
               WebhookEndpointService endpointService, AddressGuard guard, WebhookConfig config, Vertx vertx,
               PlatformConfig platform, MeterRegistry registry) {
        this.router = router;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.endpointService = endpointService;
        this.guard = guard;
        this.config = config;
        this.source = "/" + platform.serviceName();
        int timeout = (int) config.timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout).setKeepAlive(true)
                .setMaxPoolSize(config.perEndpointConcurrency()).setVerifyHost(true));
        registry.gauge("paygrid.webhooks.in.flight", inFlight);
    }

    void close(@Observes ShutdownEvent stop) {
        client.closeAndAwait();
    }

    @Scheduled(every = "${paygrid.webhooks.poll-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatch() {
        return Multi.createFrom().iterable(router.shards())
                .onItem().transformToUniAndConcatenate(shard -> dispatch(shard).onFailure().recoverWithItem(failure -> {
                    Log.warnf("Webhook dispatch pass failed on shard %d, will retry: %s", shard.index(), failure.getMessage());
                    return null;
                }))
                .collect().last().replaceWithVoid();
    }

    /** New deliveries of this merchant were just stored: start their first attempts now rather than at the next pass. */
    public void nudge(String merchantId) {
        ShardDatabase shard = router.shardOf(merchantId);
        dispatch(shard).subscribe().with(ignored -> { }, failure -> Log.debugf("Nudged dispatch failed: %s", failure.getMessage()));
    }

    private Uni<Void> dispatch(ShardDatabase shard) {
        int room = config.maxInFlight() - inFlight.get();
        if (room <= 0) {
            return Uni.createFrom().voidItem();
        }
        return deliveries.due(shard.pool(), room * 2).flatMap(due -> {
            Map<String, Integer> taken = new HashMap<>();
            List<String> wanted = new ArrayList<>();
            for (DeliveryRepository.Due candidate : due) {
                int busy = inFlightByEndpoint.getOrDefault(candidate.endpointId(), new AtomicInteger()).get()
                        + taken.getOrDefault(candidate.endpointId(), 0);
                if (busy < config.perEndpointConcurrency() && wanted.size() < room) {
                    wanted.add(candidate.id());
                    taken.merge(candidate.endpointId(), 1, Integer::sum);
                }
            }
            if (wanted.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Duration lease = config.timeout().plusSeconds(30);
            return deliveries.claim(shard.pool(), wanted, lease)
                    .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Work>of()) : deliveries.work(shard.pool(), claimed))
                    .flatMap(work -> work.isEmpty() ? Uni.createFrom().voidItem() : endpoints.byIds(shard.pool(),
                                    work.stream().map(Work::endpointId).distinct().toList())
                            .invoke(found -> start(shard, work, found.stream().collect(Collectors.toMap(WebhookEndpoint::id, Function.identity()))))
                            .replaceWithVoid());
        });
    }

    /** Starts the attempts; each settles on its own, so a slow one never holds back the next pass. */
    private void start(ShardDatabase shard, List<Work> work, Map<String, WebhookEndpoint> byId) {
        for (Work item : work) {
            WebhookEndpoint endpoint = byId.get(item.endpointId());
            if (endpoint == null) {
                continue;
            }
            inFlight.incrementAndGet();
            AtomicInteger perEndpoint = inFlightByEndpoint.computeIfAbsent(endpoint.id(), id -> new AtomicInteger());
            perEndpoint.incrementAndGet();
            attempt(endpoint, item)
                    .flatMap(result -> record(shard, endpoint, item, result))
                    .onFailure().invoke(failure -> Log.warnf("Recording delivery %s failed; it is tried again when its lease ends: %s",
                            item.deliveryId(), failure.getMessage()))
                    .onTermination().invoke(() -> {
                        inFlight.decrementAndGet();
                        perEndpoint.decrementAndGet();
                    })
                    .subscribe().with(ignored -> { }, failure -> { });
        }
    }

    /** One POST: the URL checked again (resolved, and the connection made to the checked address), signed, timed. */
    Uni<Result> attempt(WebhookEndpoint endpoint, Work item) {
        Instant started = Instant.now();
        long timestamp = started.getEpochSecond();
        String body = body(item);
        AddressGuard.Target target;
        try {
            target = guard.parse(endpoint.url());
        } catch (DomainException refused) {
            return Uni.createFrom().item(Result.failed(started, null, "url_not_allowed: " + refused.getMessage()));
        }
        String signature = Signer.signature(endpointService.signingSecrets(endpoint, started), item.event().id(), timestamp, body);
        return guard.resolve(target)
                .flatMap(address -> send(target, address, item.event().id(), timestamp, signature, body))
                .map(response -> new Result(started, Duration.between(started, Instant.now()), response.status(), response.body(), null))
                .onFailure().recoverWithItem(failure -> Result.failed(started, null, describe(failure)));
    }

    private Uni<Response> send(AddressGuard.Target target, InetAddress address, String webhookId, long timestamp, String signature,
                               String body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "PayGrid-Webhooks/1.0")
                .putHeader("webhook-id", webhookId)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature);
        return client.request(options)
                .flatMap(request -> request.send(Buffer.buffer(body)))
                .flatMap(response -> response.body().map(payload -> new Response(response.statusCode(), truncate(payload))))
                .ifNoItem().after(config.timeout()).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer within " + config.timeout().toSeconds() + " s"));
    }

    /** Writes the attempt and the delivery's new state, with its event, in one transaction; may disable the endpoint. */
    private Uni<Void> record(ShardDatabase shard, WebhookEndpoint endpoint, Work item, Result result) {
        int attempts = item.attempts() + 1;
        boolean success = result.statusCode() != null && result.statusCode() >= 200 && result.statusCode() < 300;
        boolean gone = result.statusCode() != null && result.statusCode() == 410;
        Instant next = success || gone ? null : nextAttempt(attempts, result.startedAt());
        String status = success ? "sent" : next == null ? "failed" : "retrying";
        String error = result.error() != null ? result.error() : success ? null : "receiver answered " + result.statusCode();
        Attempt attempt = new Attempt(attempts, result.startedAt(), (int) result.duration().toMillis(), result.statusCode(),
                result.responseBody(), error);
        return shard.pool().withTransaction(tx -> deliveries.recordAttempt(tx, item.deliveryId(), attempt)
                .call(() -> deliveries.settle(tx, item.deliveryId(), status, attempts, next, result.statusCode(), error))
                .call(() -> Outbox.append(tx, Topics.WEBHOOK_EVENTS, outcome(endpoint, item, attempt, status, success)))
                .call(() -> success ? endpoints.healthy(tx, endpoint.id()) : afterFailure(tx, endpoint, gone)));
    }

    private Uni<Void> afterFailure(SqlConnection tx, WebhookEndpoint endpoint, boolean gone) {
        return endpoints.failing(tx, endpoint.id()).flatMap(current -> {
            if (current == null || !current.isEnabled()) {
                return Uni.createFrom().voidItem();
            }
            String reason = gone ? "the receiver answered 410 Gone"
                    : current.failingSince() != null && current.failingSince().plus(config.disableAfter()).isBefore(Instant.now())
                    ? "every delivery failed since " + current.failingSince() : null;
            if (reason == null) {
                return Uni.createFrom().voidItem();
            }
            Log.warnf("Webhook endpoint %s of merchant %s disabled: %s", current.id(), current.merchantId(), reason);
            WebhookEndpoint disabled = new WebhookEndpoint(current.id(), current.merchantId(), current.mode(), current.url(),
                    current.description(), current.events(), "disabled", current.createdAt(), reason, Instant.now(),
                    current.failingSince(), current.secretSealed(), current.previousSecretSealed(), current.previousSecretExpiresAt());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("endpoint_id", current.id());
            data.put("merchant_id", current.merchantId());
            data.put("url", current.url());
            data.put("reason", reason);
            CloudEvent event = CloudEvent.of(ENDPOINT_DISABLED, source, current.merchantId(), current.id(), EventJson.toTree(data));
            return endpoints.update(tx, disabled).call(() -> Outbox.append(tx, Topics.WEBHOOK_EVENTS, event)).replaceWithVoid();
        });
    }

    private CloudEvent outcome(WebhookEndpoint endpoint, Work item, Attempt attempt, String status, boolean success) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("delivery_id", item.deliveryId());
        data.put("endpoint_id", endpoint.id());
        data.put("merchant_id", endpoint.merchantId());
        data.put("event_id", item.event().id());
        data.put("event_type", item.event().type());
        data.put("attempt", attempt.attempt());
        data.put("status", status);
        data.put("status_code", attempt.statusCode());
        data.put("duration_ms", attempt.durationMs());
        data.put("livemode", "live".equals(endpoint.mode()));
        return CloudEvent.of(success ? DELIVERY_SUCCEEDED : DELIVERY_FAILED, source, endpoint.merchantId(), item.deliveryId(),
                EventJson.toTree(data));
    }

    /** When to try again after {@code attempts} tries, with jitter; null once the schedule is used up. */
    Instant nextAttempt(int attempts, Instant from) {
        List<Duration> schedule = config.retrySchedule();
        if (attempts >= schedule.size()) {
            return null;
        }
        long wait = schedule.get(attempts).toMillis();
        long jitter = (long) (wait * config.jitter());
        long jittered = jitter == 0 ? wait : wait + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        return from.plusMillis(Math.max(0, jittered));
    }

    /** The webhook's body: {@code {"id", "type", "created", "data": {"object": …}}}, the same for every attempt. */
    static String body(Work item) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", item.event().id());
        body.put("type", item.event().type());
        body.put("created", item.event().createdAt());
        body.put("data", Map.of("object", item.event().data()));
        return EventJson.writeValue(body);
    }

    private String truncate(Buffer payload) {
        byte[] bytes = payload.getBytes();
        int limit = Math.min(bytes.length, config.responseBodyLimit());
        return new String(bytes, 0, limit, StandardCharsets.UTF_8);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof DomainException) {
            return "url_not_allowed: " + message;
        }
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    record Response(int status, String body) {
    }

    record Result(Instant startedAt, Duration duration, Integer statusCode, String responseBody, String error) {
        static Result failed(Instant startedAt, Integer statusCode, String error) {
            return new Result(startedAt, Duration.between(startedAt, Instant.now()), statusCode, null, error);
        }
    }
}
