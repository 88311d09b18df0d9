package io.paygrid.devchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A blocking JSON-RPC client for driving a development chain from tests and the local launcher: send
 * from unlocked accounts, mine, snapshot and revert. Not used by the services.
 */
public final class EvmRpc {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong ids = new AtomicLong();

    public EvmRpc(String url) {
        this.url = URI.create(url);
    }

    public JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(JSON.valueToTree(param));
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (body.hasNonNull("error")) {
                throw new IllegalStateException(method + " failed: " + body.get("error"));
            }
            return body.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(method + " to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public long chainId() {
        return quantity(call("eth_chainId"));
    }

    public long blockNumber() {
        return quantity(call("eth_blockNumber"));
    }

    public String blockHash(long number) {
        JsonNode block = call("eth_getBlockByNumber", hex(number), false);
        return block == null || block.isNull() ? null : block.get("hash").asText();
    }

    /** Mines {@code blocks} blocks at once. */
    public void mine(int blocks) {
        call("anvil_mine", hex(blocks));
    }

    /** Stops mining a block per transaction: transactions wait in the pool until {@link #mine}. */
    public void setAutomine(boolean enabled) {
        call("evm_setAutomine", enabled);
    }

    public String snapshot() {
        return call("evm_snapshot").asText();
    }

    public void revert(String snapshot) {
        if (!call("evm_revert", snapshot).asBoolean()) {
            throw new IllegalStateException("evm_revert to " + snapshot + " refused");
        }
    }

    /** Sends from an unlocked account and returns the transaction hash. */
    public String send(String from, String to, BigInteger value, String data) {
        ObjectNode tx = JSON.createObjectNode().put("from", from);
        if (to != null) {
            tx.put("to", to);
        }
        if (value != null && value.signum() > 0) {
            tx.put("value", "0x" + value.toString(16));
        }
        if (data != null) {
            tx.put("data", data.startsWith("0x") ? data : "0x" + data);
        }
        return call("eth_sendTransaction", tx).asText();
    }

    public String sendEther(String from, String to, BigInteger wei) {
        return send(from, to, wei, null);
    }

    /** The receipt, once mined (waits up to 30 s, so it also works without automine if someone mines). */
    public JsonNode awaitReceipt(String txHash) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            JsonNode receipt = call("eth_getTransactionReceipt", txHash);
            if (receipt != null && !receipt.isNull()) {
                if (!"0x1".equals(receipt.path("status").asText())) {
                    throw new IllegalStateException("transaction " + txHash + " failed: " + receipt);
                }
                return receipt;
            }
            Anvil.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("no receipt for " + txHash);
    }

    public BigInteger balance(String address) {
        return new BigInteger(call("eth_getBalance", address, "latest").asText().substring(2), 16);
    }

    public String ethCall(String to, String data) {
        ObjectNode tx = JSON.createObjectNode().put("to", to).put("data", data);
        return call("eth_call", tx, "latest").asText();
    }

    public static String hex(long quantity) {
        return "0x" + Long.toHexString(quantity);
    }

    public static long quantity(JsonNode hex) {
        return Long.parseLong(hex.asText().substring(2), 16);
    }
}
