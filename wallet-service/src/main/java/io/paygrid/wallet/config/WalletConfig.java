package io.paygrid.wallet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code paygrid.wallet.*}: address pools, chain watchers and exchange rates. */
@ConfigMapping(prefix = "paygrid.wallet")
public interface WalletConfig {

    /** Addresses derived ahead per merchant and network, so a lease rarely derives inline. */
    @WithName("pool-size")
    @WithDefault("20")
    int poolSize();

    /** The gap limit of a new derivation scheme when the merchant gives none (most wallets scan 20). */
    @WithName("default-gap-limit")
    @WithDefault("20")
    int defaultGapLimit();

    /** How long after its lease ran out an unpaid address counts as expired (it is still watched). */
    @WithName("lease-grace")
    @WithDefault("PT1H")
    Duration leaseGrace();

    Watcher watcher();

    Rates rates();

    interface Watcher {
        @WithName("poll-interval")
        @WithDefault("1s")
        Duration pollInterval();

        /** Blocks scanned per network and tick, so a watcher catching up still commits progress often. */
        @WithName("batch-blocks")
        @WithDefault("50")
        int batchBlocks();

        /** Recent block hashes kept per network: the deepest reorg the watcher can undo. */
        @WithName("reorg-window")
        @WithDefault("128")
        int reorgWindow();

        @WithName("rpc-timeout")
        @WithDefault("10s")
        Duration rpcTimeout();
    }

    interface Rates {
        /** The sources asked, in order: {@code fixed}, {@code coinbase}, {@code coingecko}. */
        @WithDefault("coinbase,coingecko")
        List<String> sources();

        /** Rates of the fixed source, as {@code BASE-QUOTE}: {@code fixed.ETH-USD=2000}. */
        Map<String, BigDecimal> fixed();

        /** How long one answer of a source is reused before asking it again. */
        @WithName("refresh-interval")
        @WithDefault("30s")
        Duration refreshInterval();

        /** An answer older than this is not used (the staleness bound). */
        @WithName("max-age")
        @WithDefault("5m")
        Duration maxAge();

        /** How long an invoice's locked rate holds. */
        @WithName("lock-duration")
        @WithDefault("15m")
        Duration lockDuration();

        /** Per request to a source. */
        @WithDefault("3s")
        Duration timeout();

        @WithName("coinbase-url")
        @WithDefault("https://api.coinbase.com")
        String coinbaseUrl();

        @WithName("coingecko-url")
        @WithDefault("https://api.coingecko.com")
        String coingeckoUrl();
    }
}
