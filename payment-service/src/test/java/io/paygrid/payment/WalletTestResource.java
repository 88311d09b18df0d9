package io.paygrid.payment;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points payment-service at the contract-speaking wallet-service of these tests. */
public class WalletTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("paygrid.wallet.url", FakeWalletService.get().url());
    }

    @Override
    public void stop() {
        // The server lives for the test JVM.
    }
}
