package io.paygrid.wallet;

import io.paygrid.devchain.Anvil;
import io.paygrid.devchain.TestToken;
import io.paygrid.wallet.chain.FakeEsplora;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * The service's nodes for the whole test JVM: a real anvil devnet with a test USDC (6 decimals) deployed,
 * wired in as {@code paygrid.chains.devnet.*} (fails, never skips, when anvil is not installed), and a loopback
 * Esplora for {@code bitcoin-testnet}, since no Bitcoin node can run here.
 */
public class DevnetTestResource implements QuarkusTestResourceLifecycleManager {

    private static Anvil anvil;
    private static TestToken usdc;
    private static FakeEsplora esplora;
    /** The Esplora chain starts here; the watcher scans from the next block. */
    public static final long ESPLORA_GENESIS = 100;

    @Override
    public synchronized Map<String, String> start() {
        if (anvil == null) {
            anvil = Anvil.startFresh(Path.of("target", "anvil.log"));
            usdc = TestToken.deploy(anvil.rpc(), Anvil.ACCOUNT_0, "USD Coin", "USDC", 6);
            Runtime.getRuntime().addShutdownHook(new Thread(anvil::close));
            esplora = new FakeEsplora();
            esplora.mine(ESPLORA_GENESIS, "genesis", Map.of(), 3);
            Runtime.getRuntime().addShutdownHook(new Thread(esplora::close));
        }
        return Map.of("paygrid.chains.devnet.rpc-url", anvil.rpcUrl(),
                "paygrid.chains.devnet.tokens.usdc.contract", usdc.address(),
                "paygrid.chains.devnet.start-block", "0",
                "paygrid.chains.bitcoin-testnet.esplora-url", esplora.url(),
                "paygrid.chains.bitcoin-testnet.start-block", String.valueOf(ESPLORA_GENESIS + 1));
    }

    public static Anvil anvil() {
        return anvil;
    }

    public static TestToken usdc() {
        return usdc;
    }

    /** bitcoin-testnet's node: a loopback Esplora answering with recorded response shapes. */
    public static FakeEsplora esplora() {
        return esplora;
    }

    @Override
    public void stop() {
        // The chain lives for the whole test JVM, like the database server and the broker.
    }
}
