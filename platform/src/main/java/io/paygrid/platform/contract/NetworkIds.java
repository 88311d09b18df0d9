package io.paygrid.platform.contract;

import java.util.List;

/** The network ids of the public API (API.md, "Networks and payment methods"). */
public final class NetworkIds {

    public static final List<String> ALL = List.of("bitcoin", "bitcoin-testnet", "ethereum", "sepolia", "polygon", "bsc",
            "devnet");

    private NetworkIds() {
    }
}
