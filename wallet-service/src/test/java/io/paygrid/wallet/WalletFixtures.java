package io.paygrid.wallet;

import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.TopicReader;
import io.restassured.path.json.JsonPath;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.bitcoinj.wallet.DeterministicSeed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** A merchant's wallet as a test sets it up: a fresh account key, a registered scheme, leases. */
public final class WalletFixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WalletFixtures() {
    }

    /** The account xpub (m/44'/60'/0') of a new random wallet, as a merchant's wallet would export it. */
    public static String randomEvmXpub() {
        return randomAccountXpub(44, 60);
    }

    /** The account-level xpub {@code m/purpose'/coin'/0'} of a new random wallet. */
    public static String randomAccountXpub(int purpose, int coin) {
        return randomAccountKey(purpose, coin, BitcoinNetwork.MAINNET);
    }

    /** A BIP84 account key (m/84'/1'/0' on testnet) as native segwit wallets export it: a vpub, or a zpub on mainnet. */
    public static String randomBip84Key(BitcoinNetwork network) {
        DeterministicKey key = randomAccount(84, network == BitcoinNetwork.MAINNET ? 0 : 1);
        return key.serializePubB58(network, ScriptType.P2WPKH);
    }

    private static String randomAccountKey(int purpose, int coin, BitcoinNetwork network) {
        return randomAccount(purpose, coin).serializePubB58(network);
    }

    private static DeterministicKey randomAccount(int purpose, int coin) {
        DeterministicSeed seed = DeterministicSeed.ofRandom(RANDOM, 128, "");
        DeterministicKey key = HDKeyDerivation.createMasterPrivateKey(seed.getSeedBytes());
        for (ChildNumber child : List.of(new ChildNumber(purpose, true), new ChildNumber(coin, true), new ChildNumber(0, true))) {
            key = HDKeyDerivation.deriveChildKey(key, child);
        }
        return key;
    }

    public static JsonPath registerScheme(String apiKey, String network, String xpub) {
        return given().auth().oauth2(apiKey).contentType("application/json")
                .body(Map.of("network", network, "xpub", xpub))
                .post("/v1/derivation-schemes").then().statusCode(201).extract().jsonPath();
    }

    public static JsonPath lease(String merchantId, String invoiceId, String method, String amount, String currency) {
        return given().auth().oauth2(PayGridTestResource.SERVICE_TOKEN).contentType("application/json")
                .body(Map.of("merchant_id", merchantId, "invoice_id", invoiceId, "method", method, "amount", amount,
                        "currency", currency, "expires_at", Instant.now().plus(Duration.ofMinutes(15)).toString()))
                .post("/internal/v1/address-leases").then().statusCode(200).extract().jsonPath();
    }

    /** A recorded response of an outside API, from {@code src/test/resources/recorded}. */
    public static String recorded(String name) {
        try (InputStream in = WalletFixtures.class.getResourceAsStream("/recorded/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every event on chain.events.v1 for this merchant so far. */
    public static List<CloudEvent> chainEvents(String merchantId) {
        return eventsOf(Topics.CHAIN_EVENTS, merchantId);
    }

    public static List<CloudEvent> eventsOf(String topic, String merchantId) {
        return TopicReader.read(topic, 0, Duration.ofMillis(100)).stream()
                .filter(record -> merchantId.equals(record.key()))
                .map(record -> EventJson.read(record.value()))
                .toList();
    }
}
