package io.paygrid.wallet.address;

import io.paygrid.wallet.network.ChainNetwork;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;

import java.util.Locale;
import java.util.Optional;

/**
 * A merchant's account-level extended public key and the receive addresses derived from it: BIP84
 * (native segwit, {@code m/84'/0'/0'/0/i}) for Bitcoin, BIP44 ({@code m/44'/60'/0'/0/i}, Keccak address with
 * EIP-55 checksum) for EVM chains. The key given is the account's ({@code m/84'/0'/0'}, depth 3) or its
 * receive branch ({@code …/0}, depth 4); hardened levels cannot be derived from a public key.
 * There is never a private key here: one is refused.
 */
public final class AccountKey {

    private final DeterministicKey receiveBranch;
    private final ChainNetwork network;

    private AccountKey(DeterministicKey receiveBranch, ChainNetwork network) {
        this.receiveBranch = receiveBranch;
        this.network = network;
    }

    /** Parses {@code encoded} for {@code network}, or says why it cannot be used. */
    public static AccountKey parse(String encoded, ChainNetwork network) {
        String key = encoded == null ? "" : encoded.trim();
        if (key.length() > 4 && key.startsWith("prv", 1)) {
            throw new InvalidAccountKeyException("This is an extended PRIVATE key. PayGrid needs only the public key "
                    + "(xpub/zpub/tpub/vpub); never send a private key to anyone.");
        }
        DeterministicKey parsed = decode(key, network)
                .orElseThrow(() -> new InvalidAccountKeyException(expectation(network)));
        if (parsed.hasPrivKey()) {
            throw new InvalidAccountKeyException("This is an extended PRIVATE key. PayGrid needs only the public key.");
        }
        DeterministicKey branch = switch (parsed.getDepth()) {
            case 3 -> HDKeyDerivation.deriveChildKey(parsed, new ChildNumber(0, false));
            case 4 -> parsed;
            default -> throw new InvalidAccountKeyException("Give the account-level extended public key (depth 3, such as "
                    + (network.kind() == ChainNetwork.Kind.BITCOIN ? "m/84'/0'/0'" : "m/44'/60'/0'")
                    + "), not one of depth " + parsed.getDepth() + ".");
        };
        return new AccountKey(branch, network);
    }

    private static Optional<DeterministicKey> decode(String key, ChainNetwork network) {
        boolean testnetHeader = key.startsWith("tpub") || key.startsWith("vpub");
        /* A Bitcoin key must say it is native segwit (BIP84): an xpub or tpub is a legacy account's, whose wallet would not see bc1 payments. */
        if (network.kind() == ChainNetwork.Kind.BITCOIN && !key.startsWith(network.testnet() ? "vpub" : "zpub")) {
            return Optional.empty();
        }
        if (network.kind() == ChainNetwork.Kind.EVM && !key.startsWith("xpub") && !key.startsWith("tpub")) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeterministicKey.deserializeB58(key, testnetHeader ? BitcoinNetwork.TESTNET : BitcoinNetwork.MAINNET));
        } catch (RuntimeException notAKey) {
            return Optional.empty();
        }
    }

    private static String expectation(ChainNetwork network) {
        if (network.kind() == ChainNetwork.Kind.EVM) {
            return "Not a valid extended public key for " + network.id() + ": expected an xpub of m/44'/60'/0'.";
        }
        return "Not a valid extended public key for " + network.id() + ": expected "
                + (network.testnet() ? "a vpub" : "a zpub") + " of the BIP84 (native segwit) account.";
    }

    /** The receive address at {@code index} of this account. */
    public String addressAt(int index) {
        DeterministicKey child = HDKeyDerivation.deriveChildKey(receiveBranch, new ChildNumber(index, false));
        if (network.kind() == ChainNetwork.Kind.EVM) {
            return Eip55.addressOf(child.getPubKeyPoint().getEncoded(false));
        }
        return child.toAddress(ScriptType.P2WPKH, network.testnet() ? BitcoinNetwork.TESTNET : BitcoinNetwork.MAINNET).toString();
    }

    /** The form addresses are stored and matched in: lower-case hex for EVM, bech32 (lower case) for Bitcoin. */
    public static String canonical(String address, ChainNetwork network) {
        return network.kind() == ChainNetwork.Kind.EVM ? Eip55.normalized(address) : address.toLowerCase(Locale.ROOT);
    }

    public static String addressType(ChainNetwork network) {
        return network.kind() == ChainNetwork.Kind.EVM ? "evm" : "p2wpkh";
    }

    /** How the key is shown back: enough to recognise it, not the whole key. */
    public static String displayPrefix(String key) {
        String trimmed = key.trim();
        return trimmed.substring(0, Math.min(12, trimmed.length())) + "…" + trimmed.substring(Math.max(0, trimmed.length() - 6));
    }
}
