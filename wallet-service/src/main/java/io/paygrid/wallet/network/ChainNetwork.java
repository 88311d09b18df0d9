package io.paygrid.wallet.network;

import java.util.Optional;
import java.util.OptionalLong;

/** A network of the catalog with the deployment's settings applied. */
public record ChainNetwork(String id, String name, Kind kind, Long chainId, String nativeCurrency,
                           int requiredConfirmations, boolean testnet, boolean enabled,
                           Optional<String> rpcUrl, Optional<String> esploraUrl, OptionalLong startBlock) {

    public enum Kind {
        BITCOIN, EVM
    }

    /** Whether this deployment has a node to watch the network with. */
    public boolean watched() {
        return enabled && (kind == Kind.EVM ? rpcUrl.isPresent() : esploraUrl.isPresent());
    }
}
