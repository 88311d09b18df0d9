package io.paygrid.wallet.chain;

import io.paygrid.devchain.Anvil;
import io.paygrid.devchain.EvmRpc;
import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.paygrid.wallet.DevnetTestResource;
import io.paygrid.wallet.WalletFixtures;
import io.paygrid.wallet.network.ChainCatalog;
import io.paygrid.wallet.network.ChainNetwork;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The EVM watcher against a real anvil node: ETH and ERC-20 payments, confirmations, a reorg, catching up. */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(DevnetTestResource.class)
class ChainWatcherTest {

    private static final BigInteger WEI_PER_ETH = BigInteger.TEN.pow(18);

    @Inject
    Scheduler scheduler;

    @Inject
    ChainWatcher watcher;

    @Inject
    ChainCatalog catalog;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String username;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private final EvmRpc chain = DevnetTestResource.anvil().rpc();

    private String merchantWithDevnetWallet() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("*"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/derivation-schemes");
        WalletFixtures.registerScheme(merchant.key(), "devnet", WalletFixtures.randomEvmXpub());
        return merchant.id();
    }

    private static List<CloudEvent> eventsOfTx(String merchantId, String txHash) {
        return WalletFixtures.chainEvents(merchantId).stream()
                .filter(event -> txHash.equals(event.data().path("tx_hash").asText())).toList();
    }

    private static List<String> typesOf(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::type).toList();
    }

    @Test
    void shouldDetectEthAndTokenPaymentsWithinOneBlockAndConfirmThemAfterTwo() {
        String merchantId = merchantWithDevnetWallet();
        JsonPath eth = WalletFixtures.lease(merchantId, "inv_eth_1", "eth-devnet", "25.00", "USD");
        JsonPath usdc = WalletFixtures.lease(merchantId, "inv_usdc_1", "usdc-devnet", "25.00", "USD");
        assertThat(eth.getString("amount")).isEqualTo("0.0125");
        assertThat(usdc.getString("amount")).isEqualTo("25");
        assertThat(eth.getString("address")).isNotEqualToIgnoringCase(usdc.getString("address"));

        String ethTx = chain.sendEther(Anvil.ACCOUNT_1, eth.getString("address"), new BigInteger("12500000000000000"));
        DevnetTestResource.usdc().mint(Anvil.ACCOUNT_0, Anvil.ACCOUNT_1, BigInteger.valueOf(1_000_000_000));
        String usdcTx = DevnetTestResource.usdc().transfer(Anvil.ACCOUNT_1, usdc.getString("address"), BigInteger.valueOf(25_000_000));
        long ethBlock = EvmRpc.quantity(chain.awaitReceipt(ethTx).get("blockNumber"));
        chain.awaitReceipt(usdcTx);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(typesOf(eventsOfTx(merchantId, ethTx))).contains(ChainEvents.TRANSFER_DETECTED);
            assertThat(typesOf(eventsOfTx(merchantId, usdcTx))).contains(ChainEvents.TRANSFER_DETECTED);
        });
        CloudEvent detected = eventsOfTx(merchantId, ethTx).get(0);
        assertThat(detected.data().path("amount").asText()).isEqualTo("0.0125");
        assertThat(detected.data().path("currency").asText()).isEqualTo("ETH");
        assertThat(detected.data().path("invoice_id").asText()).isEqualTo("inv_eth_1");
        assertThat(detected.data().path("block_number").asLong()).isEqualTo(ethBlock);
        assertThat(detected.data().path("from_address").asText()).isEqualToIgnoringCase(Anvil.ACCOUNT_1);
        CloudEvent token = eventsOfTx(merchantId, usdcTx).get(0);
        assertThat(token.data().path("amount").asText()).isEqualTo("25");
        assertThat(token.data().path("currency").asText()).isEqualTo("USDC");
        assertThat(token.data().path("method").asText()).isEqualTo("usdc-devnet");

        chain.mine(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(typesOf(eventsOfTx(merchantId, ethTx))).containsExactly(ChainEvents.TRANSFER_DETECTED, ChainEvents.TRANSFER_CONFIRMED);
            assertThat(typesOf(eventsOfTx(merchantId, usdcTx))).last().isEqualTo(ChainEvents.TRANSFER_CONFIRMED);
        });
        chain.mine(3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(typesOf(eventsOfTx(merchantId, ethTx))).containsExactly(ChainEvents.TRANSFER_DETECTED, ChainEvents.TRANSFER_CONFIRMED));
    }

    @Test
    void shouldSettleAtOnceWhenTheMerchantAsksForOneConfirmation() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("*"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/derivation-schemes");
        MerchantFixtures.publish(MerchantEvents.MERCHANT_UPDATED, merchant.id(), new MerchantEvents.MerchantData(merchant.id(), "Shop",
                "active", EventJson.toTree(Map.of("confirmations", Map.of("devnet", 1))), Instant.now()));
        WalletFixtures.registerScheme(merchant.key(), "devnet", WalletFixtures.randomEvmXpub());
        AtomicReference<JsonPath> lease = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            lease.set(WalletFixtures.lease(merchant.id(), "inv_one_" + System.nanoTime(), "eth-devnet", "2.00", "USD"));
            return lease.get().getInt("required_confirmations") == 1;
        });
        String tx = chain.sendEther(Anvil.ACCOUNT_1, lease.get().getString("address"), WEI_PER_ETH.divide(BigInteger.valueOf(1000)));
        chain.awaitReceipt(tx);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(typesOf(eventsOfTx(merchant.id(), tx))).containsExactly(ChainEvents.TRANSFER_DETECTED, ChainEvents.TRANSFER_CONFIRMED));
    }

    @Test
    void shouldRevertAPaymentRemovedByATwoBlockReorgAndDetectItAgainOnceReMined() {
        String merchantId = merchantWithDevnetWallet();
        JsonPath eth = WalletFixtures.lease(merchantId, "inv_reorg_1", "eth-devnet", "10.00", "USD");
        String snapshot = chain.snapshot();
        String tx = chain.sendEther(Anvil.ACCOUNT_1, eth.getString("address"), WEI_PER_ETH.divide(BigInteger.valueOf(200)));
        chain.awaitReceipt(tx);
        String raw = chain.call("eth_getRawTransactionByHash", tx).asText();
        chain.mine(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(typesOf(eventsOfTx(merchantId, tx))).containsExactly(ChainEvents.TRANSFER_DETECTED, ChainEvents.TRANSFER_CONFIRMED));

        chain.revert(snapshot);
        chain.mine(3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(typesOf(eventsOfTx(merchantId, tx))).containsExactly(ChainEvents.TRANSFER_DETECTED,
                        ChainEvents.TRANSFER_CONFIRMED, ChainEvents.TRANSFER_REVERTED));

        String again = chain.call("eth_sendRawTransaction", raw).asText();
        assertThat(again).isEqualTo(tx);
        chain.awaitReceipt(tx);
        chain.mine(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(typesOf(eventsOfTx(merchantId, tx))).containsExactly(ChainEvents.TRANSFER_DETECTED,
                        ChainEvents.TRANSFER_CONFIRMED, ChainEvents.TRANSFER_REVERTED, ChainEvents.TRANSFER_DETECTED,
                        ChainEvents.TRANSFER_CONFIRMED));
        List<CloudEvent> events = eventsOfTx(merchantId, tx);
        assertThat(events.get(3).data().path("id").asText()).isNotEqualTo(events.get(0).data().path("id").asText());
        assertThat(events.get(3).data().path("block_hash").asText()).isNotEqualTo(events.get(0).data().path("block_hash").asText());
    }

    @Test
    void shouldFindPaymentsMadeWhileTheWatcherWasStopped() {
        String merchantId = merchantWithDevnetWallet();
        JsonPath eth = WalletFixtures.lease(merchantId, "inv_catchup_1", "eth-devnet", "5.00", "USD");
        scheduler.pause(ChainWatcher.SCHEDULE);
        try {
            sleep(Duration.ofMillis(600));
            String tx = chain.sendEther(Anvil.ACCOUNT_1, eth.getString("address"), WEI_PER_ETH.divide(BigInteger.valueOf(400)));
            chain.awaitReceipt(tx);
            chain.mine(5);
            sleep(Duration.ofMillis(600));
            assertThat(eventsOfTx(merchantId, tx)).isEmpty();
            scheduler.resume(ChainWatcher.SCHEDULE);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(typesOf(eventsOfTx(merchantId, tx))).containsExactly(ChainEvents.TRANSFER_DETECTED, ChainEvents.TRANSFER_CONFIRMED));
        } finally {
            scheduler.resume(ChainWatcher.SCHEDULE);
        }
    }

    @Test
    void shouldLeaveANetworkToTheOneWatcherHoldingItsLock() throws SQLException {
        String merchantId = merchantWithDevnetWallet();
        JsonPath eth = WalletFixtures.lease(merchantId, "inv_lock_1", "eth-devnet", "5.00", "USD");
        try (Connection other = DriverManager.getConnection(jdbcUrl, username, password)) {
            other.setAutoCommit(false);
            other.createStatement().execute("SELECT pg_advisory_xact_lock(hashtext('paygrid.chain-watcher.devnet'))");
            String tx = chain.sendEther(Anvil.ACCOUNT_1, eth.getString("address"), WEI_PER_ETH.divide(BigInteger.valueOf(400)));
            chain.awaitReceipt(tx);
            sleep(Duration.ofMillis(1500));
            assertThat(eventsOfTx(merchantId, tx)).isEmpty();
            other.commit();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(typesOf(eventsOfTx(merchantId, tx))).contains(ChainEvents.TRANSFER_DETECTED));
        }
    }

    @Test
    void shouldRefuseToWatchANodeOfAnotherChain() {
        ChainNetwork ethereum = catalog.network("ethereum").orElseThrow();
        ChainNetwork misconfigured = new ChainNetwork(ethereum.id(), ethereum.name(), ethereum.kind(), ethereum.chainId(),
                ethereum.nativeCurrency(), ethereum.requiredConfirmations(), false, true,
                Optional.of(DevnetTestResource.anvil().rpcUrl()), Optional.empty(), OptionalLong.empty());
        assertThatThrownBy(() -> watcher.watch(misconfigured).await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("serves chain id 31337, not 1");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
