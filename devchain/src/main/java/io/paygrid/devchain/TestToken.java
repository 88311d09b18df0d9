package io.paygrid.devchain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The test ERC-20 of {@code TestToken.sol} (open mint: development chains only), deployed and driven over
 * JSON-RPC. See {@code TestToken.README.md} next to the bytecode for how it was compiled.
 */
public final class TestToken {

    private static final String MINT = "40c10f19";
    private static final String TRANSFER = "a9059cbb";
    private static final String BALANCE_OF = "70a08231";

    private final EvmRpc rpc;
    private final String address;

    private TestToken(EvmRpc rpc, String address) {
        this.rpc = rpc;
        this.address = address;
    }

    /** Deploys a new token from {@code deployer}; returns once it is mined. */
    public static TestToken deploy(EvmRpc rpc, String deployer, String name, String symbol, int decimals) {
        String data = bytecode() + word(BigInteger.valueOf(96)) + word(BigInteger.valueOf(96 + 32 + padded(name).length() / 2))
                + word(BigInteger.valueOf(decimals)) + string(name) + string(symbol);
        String tx = rpc.send(deployer, null, null, data);
        return new TestToken(rpc, rpc.awaitReceipt(tx).get("contractAddress").asText());
    }

    public static TestToken at(EvmRpc rpc, String address) {
        return new TestToken(rpc, address);
    }

    public String address() {
        return address;
    }

    public String mint(String from, String to, BigInteger units) {
        return rpc.send(from, address, null, "0x" + MINT + addressWord(to) + word(units));
    }

    public String transfer(String from, String to, BigInteger units) {
        return rpc.send(from, address, null, "0x" + TRANSFER + addressWord(to) + word(units));
    }

    public BigInteger balanceOf(String owner) {
        return new BigInteger(rpc.ethCall(address, "0x" + BALANCE_OF + addressWord(owner)).substring(2), 16);
    }

    private static String bytecode() {
        try (InputStream in = TestToken.class.getResourceAsStream("TestToken.bin")) {
            if (in == null) {
                throw new IllegalStateException("TestToken.bin is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String addressWord(String address) {
        String hex = address.startsWith("0x") ? address.substring(2) : address;
        return "0".repeat(64 - hex.length()) + hex.toLowerCase();
    }

    private static String word(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }

    private static String string(String value) {
        return word(BigInteger.valueOf(value.getBytes(StandardCharsets.UTF_8).length)) + padded(value);
    }

    private static String padded(String value) {
        StringBuilder hex = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hex.append(String.format("%02x", b));
        }
        int words = (hex.length() + 63) / 64;
        return hex + "0".repeat(words * 64 - hex.length());
    }
}
