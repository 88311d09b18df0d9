package io.paygrid.webhook.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.contract.WebhookEvents;
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
import jakarta.annotation.Priority;
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
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final ShardRouter router;
    private final DeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final WebhookEndpointService endpointService;
    private final AddressGuard guard;
    private final WebhookConfig config;
    /** The scheduled pass; new deliveries and freed slots start passes of their own between two of these. */
    public static final String SCHEDULE = "webhook-dispatch";

    private final HttpClient client;
    private final String source;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();
    /**
     * One pass per shard at a time (scheduled or nudged), so two cannot both count the same free room; a pass asked
     * for while one runs is run right after it, so a freed slot or a new delivery never waits for the next poll.
     * {@code backlog}: the last pass found deliveries due, so a freed slot should start another (one that finds none
     * stops the chain).
     */
    private final Map<Integer, Passes> passes = new ConcurrentHashMap<>();

    private volatile boolean stopping;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private record Passes(AtomicBoolean running, AtomicBoolean again, AtomicBoolean backlog) {
    }

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

    /**
     * Before the shard pools close (they close at the default priority): no new attempts, and the ones under way are
     * given up to 10 s (within a pod's 30 s grace) to be answered and recorded, so a stop neither loses an attempt's
     * record nor makes the receiver see one more attempt than the delivery counts. One still unanswered is tried again
     * when its lease ends.
     */
    void close(@Observes @Priority(2) ShutdownEvent stop) {
        stopping = true;
        if (!awaitIdle(SHUTDOWN_WAIT)) {
            Log.warnf("%d webhook attempt(s) still under way at shutdown; they are tried again when their lease ends",
                    inFlight.get());
        }
        client.closeAndAwait();
    }

    /** Waits until every attempt started has been recorded; false if some are still under way after {@code wait}. */
    public boolean awaitIdle(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return inFlight.get() == 0;
            }
        }
        return true;
    }

    @Scheduled(identity = SCHEDULE, every = "${paygrid.webhooks.poll-interval}", delayed = "1s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
        passSoon(router.shardOf(merchantId));
    }

    private Uni<Void> dispatch(ShardDatabase shard) {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        Passes state = passesOf(shard);
        // Asked first, then tried: a pass that ends between the two still sees the request and runs it.
        state.again().set(true);
        if (!state.running().compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        state.again().set(false);
        return Uni.createFrom().deferred(() -> pass(shard, state)).onTermination().invoke(() -> {
            state.running().set(false);
            if (state.again().get()) {
                passSoon(shard);
            }
        });
    }

    private Passes passesOf(ShardDatabase shard) {
        return passes.computeIfAbsent(shard.index(), i -> new Passes(new AtomicBoolean(), new AtomicBoolean(), new AtomicBoolean()));
    }

    private void passSoon(ShardDatabase shard) {
        dispatch(shard).subscribe().with(ignored -> { }, failure -> Log.debugf("Dispatch pass failed: %s", failure.getMessage()));
    }

    private Uni<Void> pass(ShardDatabase shard, Passes state) {
        int room = config.maxInFlight() - inFlight.get();
        if (room <= 0) {
            state.backlog().set(true);
            return Uni.createFrom().voidItem();
        }
        return deliveries.due(shard.pool(), room * 2, config.perEndpointConcurrency()).flatMap(due -> {
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
            state.backlog().set(!due.isEmpty());
            if (wanted.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Duration lease = config.timeout().multipliedBy(2).plusSeconds(30);
            java.util.UUID token = java.util.UUID.randomUUID();
            return deliveries.claim(shard.pool(), wanted, lease, token)
                    .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Work>of()) : deliveries.work(shard.pool(), claimed))
                    .flatMap(work -> work.isEmpty() ? Uni.createFrom().voidItem() : endpoints.byIds(shard.pool(),
                                    work.stream().map(Work::endpointId).distinct().toList())
                            .invoke(found -> start(shard, token, work, found.stream().collect(Collectors.toMap(WebhookEndpoint::id,
                                    Function.identity()))))
                            .replaceWithVoid());
        });
    }

    /** Starts the attempts; each settles on its own, so a slow one never holds back the next pass. */
    private void start(ShardDatabase shard, java.util.UUID token, List<Work> work, Map<String, WebhookEndpoint> byId) {
        for (Work item : work) {
            WebhookEndpoint endpoint = byId.get(item.endpointId());
            if (endpoint == null) {
                continue;
            }
            // Counted first, then the stop checked: close() sets the flag first, then waits for the count, so one of
            // the two always sees the other.
            inFlight.incrementAndGet();
            AtomicInteger perEndpoint = inFlightByEndpoint.computeIfAbsent(endpoint.id(), id -> new AtomicInteger());
            perEndpoint.incrementAndGet();
            if (stopping) {
                // Claimed but not tried: due again when the lease ends, without spending an attempt on a closed client.
                inFlight.decrementAndGet();
                perEndpoint.decrementAndGet();
                continue;
            }
            Uni.createFrom().deferred(() -> attempt(endpoint, item))
                    .onFailure().recoverWithItem(failure -> Result.failed(Instant.now(), null, describe(failure)))
                    .flatMap(result -> record(shard, token, endpoint, item, result))
                    .onFailure().invoke(failure -> Log.warnf("Recording delivery %s failed; it is tried again when its lease ends: %s",
                            item.deliveryId(), failure.getMessage()))
                    .onTermination().invoke(() -> {
                        inFlight.decrementAndGet();
                        perEndpoint.decrementAndGet();
                        // The slot is free: a backlog behind it goes on now, not at the next poll.
                        if (passesOf(shard).backlog().get()) {
                            passSoon(shard);
                        }
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
        String signature;
        try {
            signature = Signer.signature(endpointService.signingSecrets(endpoint, started), item.event().id(), timestamp, body);
        } catch (RuntimeException unusableSecret) {
            Log.errorf("Endpoint %s has a secret that cannot be opened: %s", endpoint.id(), unusableSecret.getMessage());
            return Uni.createFrom().item(Result.failed(started, null, "the endpoint's secret cannot be used; rotate it"));
        }
        java.util.concurrent.atomic.AtomicReference<io.vertx.mutiny.core.http.HttpClientRequest> sent = new java.util.concurrent.atomic.AtomicReference<>();
        return guard.resolve(target)
                .flatMap(address -> send(target, address, item.event().id(), timestamp, signature, body, sent))
                .ifNoItem().after(config.timeout()).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer within " + config.timeout().toSeconds() + " s"))
                .map(response -> new Result(started, Duration.between(started, Instant.now()), response.status(), response.body(), null))
                .onFailure().invoke(failure -> {
                    // A timed-out request is torn down, so it cannot still reach the receiver after being counted as failed.
                    if (sent.get() != null) {
                        sent.get().reset();
                    }
                })
                .onFailure().recoverWithItem(failure -> Result.failed(started, null, describe(failure)));
    }

    private Uni<Response> send(AddressGuard.Target target, InetAddress address, String webhookId, long timestamp, String signature,
                               String body, java.util.concurrent.atomic.AtomicReference<io.vertx.mutiny.core.http.HttpClientRequest> sent) {
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
                .invoke(sent::set)
                .flatMap(request -> request.send(Buffer.buffer(body)))
                .flatMap(response -> firstBytes(response).map(payload -> new Response(response.statusCode(), payload)));
    }

    /** The start of the answer, at most {@code response-body-limit} bytes: a larger one is cut off, never read whole. */
    private Uni<String> firstBytes(io.vertx.mutiny.core.http.HttpClientResponse response) {
        int limit = config.responseBodyLimit();
        io.vertx.core.http.HttpClientResponse raw = response.getDelegate();
        return Uni.createFrom().emitter(emitter -> {
            io.vertx.core.buffer.Buffer kept = io.vertx.core.buffer.Buffer.buffer();
            raw.handler(chunk -> {
                if (kept.length() < limit) {
                    kept.appendBuffer(chunk.slice(0, Math.min(chunk.length(), limit - kept.length())));
                    if (kept.length() >= limit) {
                        emitter.complete(text(kept.getBytes()));
                        raw.request().reset();
                    }
                }
            });
            raw.endHandler(done -> emitter.complete(text(kept.getBytes())));
            raw.exceptionHandler(failure -> emitter.complete(text(kept.getBytes())));
        });
    }

    /** Text PostgreSQL can store: a NUL character would make the attempt's record fail for ever. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "");
    }

    /** Writes the attempt and the delivery's new state, with its event, in one transaction; may disable the endpoint. */
    private Uni<Void> record(ShardDatabase shard, java.util.UUID token, WebhookEndpoint endpoint, Work item, Result result) {
        int attempts = item.attempts() + 1;
        boolean success = result.statusCode() != null && result.statusCode() >= 200 && result.statusCode() < 300;
        boolean gone = result.statusCode() != null && result.statusCode() == 410;
        Instant next = success || gone ? null : nextAttempt(attempts, result.startedAt());
        String status = success ? "sent" : next == null ? "failed" : "retrying";
        String error = result.error() != null ? result.error() : success ? null : "receiver answered " + result.statusCode();
        Attempt attempt = new Attempt(attempts, result.startedAt(), (int) result.duration().toMillis(), result.statusCode(),
                result.responseBody(), error);
        return shard.pool().withTransaction(tx -> deliveries.settle(tx, item.deliveryId(), token, status, attempts, next,
                        result.statusCode(), error)
                .flatMap(stillOurs -> {
                    if (!stillOurs) {
                        Log.warnf("Delivery %s: the lease ran out during the attempt; another holder records it", item.deliveryId());
                        return Uni.createFrom().voidItem();
                    }
                    return deliveries.recordAttempt(tx, item.deliveryId(), attempt)
                            .call(() -> Outbox.append(tx, Topics.WEBHOOK_EVENTS, outcome(endpoint, item, attempt, status, success)))
                            .call(() -> success ? endpoints.healthy(tx, endpoint.id()) : afterFailure(tx, endpoint, gone));
                }));
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
            WebhookEvents.EndpointDisabledData data = new WebhookEvents.EndpointDisabledData(current.id(), current.merchantId(), reason);
            CloudEvent event = CloudEvent.of(WebhookEvents.ENDPOINT_DISABLED, source, current.merchantId(), current.id(),
                    EventJson.toTree(data));
            return endpoints.update(tx, disabled).call(() -> Outbox.append(tx, Topics.WEBHOOK_EVENTS, event)).replaceWithVoid();
        });
    }

    private CloudEvent outcome(WebhookEndpoint endpoint, Work item, Attempt attempt, String status, boolean success) {
        WebhookEvents.DeliveryOutcomeData data = new WebhookEvents.DeliveryOutcomeData(item.deliveryId(), endpoint.id(),
                endpoint.merchantId(), item.event().id(), item.event().type(), attempt.attempt(), status, attempt.statusCode(),
                attempt.durationMs(), "live".equals(endpoint.mode()));
        return CloudEvent.of(success ? WebhookEvents.DELIVERY_SUCCEEDED : WebhookEvents.DELIVERY_FAILED, source, endpoint.merchantId(),
                item.deliveryId(), EventJson.toTree(data));
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

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof DomainException) {
            return "url_not_allowed: " + message;
        }
        String cleaned = message.replace("\u0000", "");
        return cleaned.length() > 500 ? cleaned.substring(0, 500) : cleaned;
    }

    record Response(int status, String body) {
    }

    record Result(Instant startedAt, Duration duration, Integer statusCode, String responseBody, String error) {
        static Result failed(Instant startedAt, Integer statusCode, String error) {
            return new Result(startedAt, Duration.between(startedAt, Instant.now()), statusCode, null, error);
        }
    }
}
