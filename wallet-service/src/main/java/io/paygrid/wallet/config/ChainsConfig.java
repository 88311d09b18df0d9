package io.paygrid.wallet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code paygrid.chains.<network>.*}: the deployment's settings per network, over the catalog seeded by
 * migration. A network is watched when it has a node ({@code rpc-url} for EVM, {@code esplora-url} for Bitcoin).
 */
@ConfigMapping(prefix = "paygrid.chains")
public interface ChainsConfig {

    @WithParentName
    Map<String, Chain> networks();

    interface Chain {
        /** An EVM JSON-RPC endpoint. */
        @WithName("rpc-url")
        Optional<String> rpcUrl();

        /** An Esplora HTTP API (Blockstream's or a self-hosted electrs), for Bitcoin networks. */
        @WithName("esplora-url")
        Optional<String> esploraUrl();

        @WithName("required-confirmations")
        OptionalInt requiredConfirmations();

        Optional<Boolean> enabled();

        /** The first block to scan when the watcher has no position yet; the chain's head when unset. */
        @WithName("start-block")
        OptionalLong startBlock();

        /** Extra tokens (or another contract for a seeded one), by currency code: {@code tokens.usdc.contract}. */
        Map<String, Token> tokens();
    }

    interface Token {
        Optional<String> contract();

        OptionalInt decimals();

        Optional<String> name();
    }
}
