package io.paygrid.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runtime configuration shared by every service: {@code paygrid.*}. */
@ConfigMapping(prefix = "paygrid")
public interface PlatformConfig {

    /** The service's name as CloudEvents {@code source} and in consumer group ids. */
    @WithName("service-name")
    String serviceName();

    /** Where merchants and their customers reach PayGrid (the API gateway), for links such as checkout URLs. */
    @WithName("public-url")
    @WithDefault("http://127.0.0.1:8080")
    String publicUrl();

    /** The merchant shard databases. Empty: one shard, the service's main database. */
    List<Shard> shards();

    Auth auth();

    Outbox outbox();

    Idempotency idempotency();

    Inbox inbox();

    @WithName("rate-limit")
    RateLimit rateLimit();

    interface RateLimit {
        /** Sustained requests a second per API key, on each service instance. */
        @WithName("per-second")
        @WithDefault("50")
        long perSecond();

        /** How many requests a key may send at once above the sustained rate. */
        @WithDefault("100")
        long burst();
    }

    interface Shard {
        /** {@code postgresql://host:port/database} */
        String url();

        String username();

        String password();

        @WithName("max-pool-size")
        @WithDefault("10")
        int maxPoolSize();
    }

    interface Auth {
        /**
         * Server-side secret mixed into every API key hash (HMAC-SHA256), so a leaked key table alone
         * cannot be brute-forced. The same value on every service.
         */
        @WithName("key-hash-secret")
        String keyHashSecret();

        /** The platform admin key; admins act for a merchant with the PayGrid-Merchant header. */
        @WithName("admin-key")
        Optional<String> adminKey();

        /**
         * The admin key's keyed hash (hex HMAC-SHA256 with the key-hash secret, as API keys are stored), so
         * a deployment can hold the hash and never the key. Used instead of {@code admin-key} when set.
         */
        @WithName("admin-key-hash")
        Optional<String> adminKeyHash();

        /**
         * The secret PayGrid's services present to each other's internal endpoints ({@code /internal/…}),
         * which the gateway never routes. Without it, internal endpoints refuse every caller.
         */
        @WithName("service-token")
        Optional<String> serviceToken();

        /** Peers whose X-Forwarded-For is believed: the gateway or Ingress in front of the services. */
        @WithName("trusted-proxies")
        @WithDefault("127.0.0.1/32,::1/128")
        List<String> trustedProxies();

        /** How often each service reports API use (a row per key used and per merchant and mode, not a write per request). */
        @WithName("usage-report-interval")
        @WithDefault("10s")
        Duration usageReportInterval();
    }

    interface Outbox {
        @WithName("poll-interval")
        @WithDefault("0.2s")
        Duration pollInterval();

        @WithName("batch-size")
        @WithDefault("200")
        int batchSize();

        @WithName("retention")
        @WithDefault("P7D")
        Duration retention();

        @WithName("send-timeout")
        @WithDefault("30s")
        Duration sendTimeout();
    }

    interface Inbox {
        /** How long applied event ids are remembered; longer than any topic's retention (7 days by default). */
        @WithDefault("P30D")
        java.time.Duration retention();

        /** A consumer retrying one event longer than this has stalled its partition: the consumers check goes down. */
        @WithName("stall-after")
        @WithDefault("1m")
        Duration stallAfter();
    }

    interface Idempotency {
        @WithDefault("PT24H")
        Duration retention();

        /** How long a first request may hold its key before a retry may take over (its work is rolled back if it ever finishes). */
        @WithName("lock-timeout")
        @WithDefault("PT1M")
        Duration lockTimeout();
    }
}
