package io.paygrid.wallet;

import io.paygrid.devchain.Anvil;
import io.paygrid.devchain.TestToken;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * A real anvil devnet for the whole test JVM, with a test USDC (6 decimals) deployed, wired into the
 * service as {@code paygrid.chains.devnet.*}. Fails (never skips) when anvil is not installed.
 */
public class DevnetTestResource implements QuarkusTestResourceLifecycleManager {

    private static Anvil anvil;
    private static TestToken usdc;

    @Override
    public synchronized Map<String, String> start() {
        if (anvil == null) {
            anvil = Anvil.startFresh(Path.of("target", "anvil.log"));
            usdc = TestToken.deploy(anvil.rpc(), Anvil.ACCOUNT_0, "USD Coin", "USDC", 6);
            Runtime.getRuntime().addShutdownHook(new Thread(anvil::close));
        }
        return Map.of("paygrid.chains.devnet.rpc-url", anvil.rpcUrl(),
                "paygrid.chains.devnet.tokens.usdc.contract", usdc.address(),
                "paygrid.chains.devnet.start-block", "0");
    }

    public static Anvil anvil() {
        return anvil;
    }

    public static TestToken usdc() {
        return usdc;
    }

    @Override
    public void stop() {
        // The chain lives for the whole test JVM, like the database server and the broker.
    }
}
