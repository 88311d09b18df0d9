package io.paygrid.wallet.address;

import io.paygrid.wallet.network.ChainCurrency;
import io.paygrid.wallet.network.ChainNetwork;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.bitcoinj.wallet.DeterministicSeed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountKeyTest {

    static final ChainNetwork BITCOIN = network("bitcoin", ChainNetwork.Kind.BITCOIN, false);
    static final ChainNetwork BITCOIN_TESTNET = network("bitcoin-testnet", ChainNetwork.Kind.BITCOIN, true);
    static final ChainNetwork ETHEREUM = network("ethereum", ChainNetwork.Kind.EVM, false);

    /** BIP84's published test vector: the account key of "abandon … about" and its first receive addresses. */
    static final String BIP84_ZPUB = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";
    /** anvil's and Hardhat's default mnemonic, whose BIP44 accounts m/44'/60'/0'/0/i are widely published. */
    static final String ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

    static ChainNetwork network(String id, ChainNetwork.Kind kind, boolean testnet) {
        return new ChainNetwork(id, id, kind, kind == ChainNetwork.Kind.EVM ? 1L : null, "X", 1, testnet, true,
                Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    /** The account-level xpub (m/44'/60'/0') of a mnemonic, as a wallet exports it. */
    static String evmAccountXpub(String mnemonic) {
        DeterministicSeed seed = DeterministicSeed.ofMnemonic(mnemonic, "");
        DeterministicKey key = HDKeyDerivation.createMasterPrivateKey(seed.getSeedBytes());
        for (ChildNumber child : List.of(new ChildNumber(44, true), new ChildNumber(60, true), new ChildNumber(0, true))) {
            key = HDKeyDerivation.deriveChildKey(key, child);
        }
        return key.serializePubB58(BitcoinNetwork.MAINNET);
    }

    @Test
    void shouldDeriveTheBip84TestVectorAddresses() {
        AccountKey account = AccountKey.parse(BIP84_ZPUB, BITCOIN);
        assertThat(account.addressAt(0)).isEqualTo("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu");
        assertThat(account.addressAt(1)).isEqualTo("bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g");
    }

    @Test
    void shouldDeriveTheWellKnownBip44EthereumAccounts() {
        AccountKey account = AccountKey.parse(evmAccountXpub(ANVIL_MNEMONIC), ETHEREUM);
        assertThat(account.addressAt(0)).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(account.addressAt(1)).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(account.addressAt(2)).isEqualTo("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    }

    @Test
    void shouldWriteEip55ChecksumsAsTheSpecificationDoes() {
        for (String address : List.of("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")) {
            assertThat(Eip55.checksummed(address.toLowerCase())).isEqualTo(address);
        }
    }

    @Test
    void shouldRefuseAnExtendedPrivateKeyWithoutEchoingIt() {
        DeterministicSeed seed = DeterministicSeed.ofMnemonic(ANVIL_MNEMONIC, "");
        String xprv = HDKeyDerivation.createMasterPrivateKey(seed.getSeedBytes()).serializePrivB58(BitcoinNetwork.MAINNET);
        assertThatThrownBy(() -> AccountKey.parse(xprv, ETHEREUM))
                .isInstanceOf(InvalidAccountKeyException.class)
                .hasMessageContaining("PRIVATE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(xprv.substring(4, 20)));
    }

    @Test
    void shouldRefuseKeysOfAnotherNetworkOrDepthOrGarbage() {
        assertThatThrownBy(() -> AccountKey.parse(BIP84_ZPUB, BITCOIN_TESTNET)).isInstanceOf(InvalidAccountKeyException.class);
        assertThatThrownBy(() -> AccountKey.parse(BIP84_ZPUB, ETHEREUM)).isInstanceOf(InvalidAccountKeyException.class);
        assertThatThrownBy(() -> AccountKey.parse(evmAccountXpub(ANVIL_MNEMONIC), BITCOIN))
                .as("a legacy xpub on Bitcoin: its wallet would not see native segwit payments")
                .isInstanceOf(InvalidAccountKeyException.class).hasMessageContaining("zpub");
        assertThatThrownBy(() -> AccountKey.parse("xpub-not-a-key", ETHEREUM)).isInstanceOf(InvalidAccountKeyException.class);
        assertThatThrownBy(() -> AccountKey.parse(BIP84_ZPUB.substring(0, BIP84_ZPUB.length() - 1) + "t", BITCOIN))
                .isInstanceOf(InvalidAccountKeyException.class);
        DeterministicSeed seed = DeterministicSeed.ofMnemonic(ANVIL_MNEMONIC, "");
        String master = HDKeyDerivation.createMasterPrivateKey(seed.getSeedBytes()).serializePubB58(BitcoinNetwork.MAINNET);
        assertThatThrownBy(() -> AccountKey.parse(master, ETHEREUM))
                .isInstanceOf(InvalidAccountKeyException.class).hasMessageContaining("depth 0");
    }

    @Test
    void shouldBuildPaymentUrisAsBip21AndEip681() {
        ChainCurrency eth = new ChainCurrency("ethereum", "ETH", "Ether", Optional.empty(), 18);
        ChainCurrency usdc = new ChainCurrency("ethereum", "USDC", "USD Coin",
                Optional.of("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), 6);
        ChainCurrency btc = new ChainCurrency("bitcoin", "BTC", "Bitcoin", Optional.empty(), 8);
        String to = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        assertThat(PaymentUris.of(ETHEREUM, eth, to, new BigDecimal("0.0125")))
                .isEqualTo("ethereum:" + to + "@1?value=12500000000000000");
        assertThat(PaymentUris.of(ETHEREUM, usdc, to, new BigDecimal("25.5")))
                .isEqualTo("ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48@1/transfer?address=" + to + "&uint256=25500000");
        assertThat(PaymentUris.of(BITCOIN, btc, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", new BigDecimal("0.00050000")))
                .isEqualTo("bitcoin:bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu?amount=0.0005");
    }
}
