package io.paygrid.system;

import io.paygrid.devchain.Anvil;
import io.paygrid.devchain.TestToken;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The local EVM devnet: anvil (chain id 31337) whose state is dumped on stop and loaded on start, with a
 * test stablecoin (USDC, 6 decimals) deployed once and minted to anvil's funded accounts, so that
 * {@code eth-devnet} and {@code usdc-devnet} can both be paid locally.
 */
final class LocalChain implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalChain.class);
    /** anvil's ten default accounts (mnemonic "test test … junk"), each funded with 10,000 ETH. */
    private static final List<String> FUNDED = List.of(Anvil.ACCOUNT_0, Anvil.ACCOUNT_1,
            "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
            "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
            "0x976ea74026e726554db657fa54763abd0c3a0aa9", "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
            "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f", "0xa0ee7a142d267c1f36714e4a8f75612f20a79720");
    private static final BigInteger MINTED = BigInteger.valueOf(1_000_000L).multiply(BigInteger.TEN.pow(6));

    private final Anvil anvil;
    private final String usdc;

    private LocalChain(Anvil anvil, String usdc) {
        this.anvil = anvil;
        this.usdc = usdc;
    }

    static LocalChain start(Path binary, int port, Path dataDirectory, Path logFile, LocalState state) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Anvil anvil = Anvil.start(binary, port, List.of("--state", dataDirectory.resolve("state.json").toString()), logFile);
        String usdc = state.get(LocalState.DEVNET_USDC);
        if (usdc == null || "0x".equals(anvil.rpc().call("eth_getCode", usdc, "latest").asText())) {
            TestToken token = TestToken.deploy(anvil.rpc(), Anvil.ACCOUNT_0, "USD Coin", "USDC", 6);
            for (String account : FUNDED) {
                anvil.rpc().awaitReceipt(token.mint(Anvil.ACCOUNT_0, account, MINTED));
            }
            usdc = token.address();
            state.put(LocalState.DEVNET_USDC, usdc);
            LOG.infof("Deployed the devnet USDC at %s and minted 1,000,000 to each of anvil's funded accounts", usdc);
        }
        LOG.infof("EVM devnet (anvil) on %s, state in %s", anvil.rpcUrl(), dataDirectory);
        return new LocalChain(anvil, usdc);
    }

    String rpcUrl() {
        return anvil.rpcUrl();
    }

    String usdcContract() {
        return usdc;
    }

    @Override
    public void close() {
        anvil.close();
    }
}
