package io.paygrid.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Where wallet-service answers address leases ({@code PAYGRID_WALLET_URL}), and how long to wait for it. */
@ConfigMapping(prefix = "paygrid.wallet")
public interface WalletClientConfig {

    @WithDefault("http://127.0.0.1:8083")
    String url();

    /** Per attempt; a lease is idempotent per invoice and method, so a retry never takes a second address. */
    @WithDefault("3s")
    Duration timeout();

    @WithName("max-retries")
    @WithDefault("2")
    int maxRetries();

    /** How long the circuit breaker stays open before it lets a trial call through. */
    @WithName("breaker-delay")
    @WithDefault("10s")
    Duration breakerDelay();
}
