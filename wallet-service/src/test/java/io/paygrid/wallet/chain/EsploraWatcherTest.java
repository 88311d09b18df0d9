package io.paygrid.wallet.chain;

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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;

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

/**
 * The Bitcoin side of the watcher, through the Esplora adapter, against a loopback Esplora answering with
 * recorded response shapes. No Bitcoin node runs here: this proves the parsing, paging, confirmation
 * counting and reorg handling, not compatibility with a live Esplora.
 */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(DevnetTestResource.class)
class EsploraWatcherTest {

    @Inject
    ChainWatcher watcher;

    @Inject
    ChainCatalog catalog;

    @Test
    void shouldDetectCountAndRevertABitcoinPaymentFoundOnTheSecondPageOfABlock() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("*"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/derivation-schemes");
        MerchantFixtures.publish(MerchantEvents.MERCHANT_UPDATED, merchant.id(), new MerchantEvents.MerchantData(merchant.id(), "Shop",
                "active", EventJson.toTree(Map.of("confirmations", Map.of("bitcoin-testnet", 3))), Instant.now()));
        JsonPath scheme = WalletFixtures.registerScheme(merchant.key(), "bitcoin-testnet",
                WalletFixtures.randomBip84Key(BitcoinNetwork.TESTNET));
        assertThat(scheme.getList("first_addresses", String.class)).allSatisfy(a -> assertThat(a).startsWith("tb1q"));
        assertThat(scheme.getString("xpub")).startsWith("vpub");
        AtomicReference<JsonPath> lease = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            lease.set(WalletFixtures.lease(merchant.id(), "inv_btc_" + System.nanoTime(), "btc-bitcoin-testnet", "50.00", "USD"));
            return lease.get().getInt("required_confirmations") == 3;
        });
        String address = lease.get().getString("address");
        assertThat(lease.get().getString("amount")).isEqualTo("0.001");
        assertThat(lease.get().getString("payment_uri")).isEqualTo("bitcoin:" + address + "?amount=0.001");

        try (FakeEsplora esplora = new FakeEsplora()) {
            ChainNetwork base = catalog.network("bitcoin-testnet").orElseThrow();
            ChainNetwork testnet = new ChainNetwork(base.id(), base.name(), base.kind(), base.chainId(), base.nativeCurrency(),
                    base.requiredConfirmations(), true, true, Optional.empty(), Optional.of(esplora.url()), OptionalLong.of(101));
            esplora.mine(100, "a", Map.of(), 3);
            watch(testnet);
            esplora.mine(101, "a", Map.of(address, 100_000L), 27);
            watch(testnet);
            String tx = await().atMost(Duration.ofSeconds(20)).until(() -> txOf(merchant.id(), address), t -> t != null);
            esplora.mine(102, "a", Map.of(), 1);
            watch(testnet);
            esplora.mine(103, "a", Map.of(), 1);
            watch(testnet);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(merchant.id(), tx)).containsExactly(
                    ChainEvents.TRANSFER_DETECTED, ChainEvents.TRANSFER_CONFIRMATIONS_CHANGED, ChainEvents.TRANSFER_CONFIRMED));
            CloudEvent detected = events(merchant.id(), tx).get(0);
            assertThat(detected.data().path("amount").asText()).isEqualTo("0.001");
            assertThat(detected.data().path("currency").asText()).isEqualTo("BTC");
            assertThat(detected.data().path("block_number").asLong()).isEqualTo(101);
            assertThat(detected.data().path("log_index").asLong()).isZero();
            assertThat(detected.data().path("from_address").asText()).isEqualTo("tb1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");

            esplora.lagTo(101);
            assertThatThrownBy(() -> watch(testnet)).as("a node behind us is not a reorg")
                    .isInstanceOf(ChainUnavailableException.class).hasMessageContaining("behind");
            esplora.lagTo(Long.MAX_VALUE);
            watch(testnet);
            assertThat(types(merchant.id(), tx)).doesNotContain(ChainEvents.TRANSFER_REVERTED);

            esplora.mine(101, "b", Map.of(), 2);
            esplora.mine(102, "b", Map.of(), 2);
            esplora.mine(103, "b", Map.of(), 2);
            esplora.mine(104, "b", Map.of(), 2);
            watch(testnet);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(merchant.id(), tx)).last()
                    .isEqualTo(ChainEvents.TRANSFER_REVERTED));
        }
    }

    private void watch(ChainNetwork network) {
        watcher.watch(network).await().atMost(Duration.ofSeconds(30));
    }

    private static String txOf(String merchantId, String address) {
        return WalletFixtures.chainEvents(merchantId).stream()
                .filter(e -> address.equals(e.data().path("address").asText()))
                .map(e -> e.data().path("tx_hash").asText()).findFirst().orElse(null);
    }

    private static List<CloudEvent> events(String merchantId, String tx) {
        return WalletFixtures.chainEvents(merchantId).stream().filter(e -> tx.equals(e.data().path("tx_hash").asText())).toList();
    }

    private static List<String> types(String merchantId, String tx) {
        return events(merchantId, tx).stream().map(CloudEvent::type).toList();
    }
}
