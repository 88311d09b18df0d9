package io.paygrid.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** webhook-service's settings: {@code paygrid.webhooks.*}. */
@ConfigMapping(prefix = "paygrid.webhooks")
public interface WebhookConfig {

    /**
     * Addresses (CIDR) that deliveries may reach although they are private, loopback or link-local: an operator's
     * choice, for receivers inside their own network. Empty: only public addresses.
     */
    @WithName("ssrf-allow-list")
    Optional<List<String>> ssrfAllowList();

    /** How long one attempt may take, connecting included. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * The wait before each attempt: the first is immediate, then about three days of backoff. An attempt after the
     * last entry is not made: the delivery has failed.
     */
    @WithName("retry-schedule")
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h,10h,10h,10h,10h")
    List<Duration> retrySchedule();

    /** Plus or minus this share of each wait, so that retries of many deliveries do not arrive together. */
    @WithDefault("0.1")
    double jitter();

    /** Attempts to one endpoint at the same time, per instance: a slow endpoint holds only these. */
    @WithName("per-endpoint-concurrency")
    @WithDefault("4")
    int perEndpointConcurrency();

    /** Attempts in flight per instance, over all endpoints. */
    @WithName("max-in-flight")
    @WithDefault("64")
    int maxInFlight();

    /** How often due retries are looked for; a new event's first attempt starts at once, without waiting for a pass. */
    @WithName("poll-interval")
    @WithDefault("1s")
    Duration pollInterval();

    /** An endpoint failing without a single success for this long is disabled. */
    @WithName("disable-after")
    @WithDefault("5d")
    Duration disableAfter();

    /** How long the old secret keeps signing after a rotation, unless the request says. */
    @WithName("secret-overlap")
    @WithDefault("24h")
    Duration secretOverlap();

    /** How much of a receiver's answer is kept with each attempt. */
    @WithName("response-body-limit")
    @WithDefault("4096")
    int responseBodyLimit();
}
