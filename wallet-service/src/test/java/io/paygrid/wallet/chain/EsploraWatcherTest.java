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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Bitcoin side of the watcher, through the Esplora adapter, against a loopback Esplora answering with
 * recorded response shapes (the scheduled watcher follows it as bitcoin-testnet's node). No Bitcoin node runs here: this proves the parsing, paging, confirmation
 * counting and reorg handling, not compatibility with a live Esplora.
 */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(DevnetTestResource.class)
class EsploraWatcherTest {

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

        FakeEsplora esplora = DevnetTestResource.esplora();
        long height = esplora.tip() + 1;
        esplora.mine(height, "a", Map.of(address, 100_000L), 27);
        String tx = await().atMost(Duration.ofSeconds(20)).until(() -> txOf(merchant.id(), address), t -> t != null);
        esplora.mine(height + 1, "a", Map.of(), 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(merchant.id(), tx))
                .containsExactly(ChainEvents.TRANSFER_DETECTED, ChainEvents.TRANSFER_CONFIRMATIONS_CHANGED));
        esplora.mine(height + 2, "a", Map.of(), 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(merchant.id(), tx)).containsExactly(
                ChainEvents.TRANSFER_DETECTED, ChainEvents.TRANSFER_CONFIRMATIONS_CHANGED, ChainEvents.TRANSFER_CONFIRMED));
        CloudEvent detected = events(merchant.id(), tx).get(0);
        assertThat(detected.data().path("amount").asText()).isEqualTo("0.001");
        assertThat(detected.data().path("currency").asText()).isEqualTo("BTC");
        assertThat(detected.data().path("block_number").asLong()).isEqualTo(height);
        assertThat(detected.data().path("log_index").asLong()).isZero();
        assertThat(detected.data().path("from_address").asText()).isEqualTo("tb1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");

        esplora.lagTo(height);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(types(merchant.id(), tx)).as("a node behind us is not a reorg").doesNotContain(ChainEvents.TRANSFER_REVERTED));
        esplora.lagTo(Long.MAX_VALUE);

        for (long replaced = height; replaced <= height + 3; replaced++) {
            esplora.mine(replaced, "b", Map.of(), 2);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(merchant.id(), tx)).last()
                .isEqualTo(ChainEvents.TRANSFER_REVERTED));
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
