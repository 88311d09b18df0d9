package io.paygrid.platform.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.paygrid.platform.config.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per API key (Bucket4j), so one merchant's burst never takes another's capacity.
 * Buckets live in this instance: with N replicas a key may send N times the rate in all.
 */
@ApplicationScoped
public class ApiKeyRateLimiter {

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bandwidth limit;

    ApiKeyRateLimiter(PlatformConfig config) {
        long perSecond = config.rateLimit().perSecond();
        long burst = Math.max(config.rateLimit().burst(), perSecond);
        this.limit = Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build();
    }

    /** Takes one request from the key's bucket: empty if allowed, else the whole seconds to wait. */
    public OptionalLong tryAcquire(String keyId) {
        Bucket bucket = buckets.computeIfAbsent(keyId, id -> Bucket.builder().addLimit(limit).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
