package io.paygrid.wallet.address;

import org.bouncycastle.crypto.digests.KeccakDigest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/** Ethereum addresses: Keccak-256 of the public key, written with the EIP-55 mixed-case checksum. */
public final class Eip55 {

    private Eip55() {
    }

    public static byte[] keccak256(byte[] input) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    /** The address of an uncompressed secp256k1 public key (65 bytes, leading 0x04). */
    public static String addressOf(byte[] uncompressedPublicKey) {
        if (uncompressedPublicKey.length != 65 || uncompressedPublicKey[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed public key");
        }
        byte[] hash = keccak256(Arrays.copyOfRange(uncompressedPublicKey, 1, 65));
        return checksummed("0x" + HexFormat.of().formatHex(hash, 12, 32));
    }

    /** The EIP-55 spelling of a 20-byte hex address (any case in, checksummed out). */
    public static String checksummed(String address) {
        String hex = lowerHex(address);
        String hash = HexFormat.of().formatHex(keccak256(hex.getBytes(StandardCharsets.US_ASCII)));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            out.append(Character.digit(hash.charAt(i), 16) >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /** The canonical stored form: {@code 0x} and 40 lower-case hex digits. */
    public static String normalized(String address) {
        return "0x" + lowerHex(address);
    }

    public static boolean isAddress(String value) {
        return value != null && value.matches("0x[0-9a-fA-F]{40}");
    }

    private static String lowerHex(String address) {
        if (!isAddress(address)) {
            throw new IllegalArgumentException("not a 20-byte hex address");
        }
        return address.substring(2).toLowerCase(Locale.ROOT);
    }
}
