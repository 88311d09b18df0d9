package io.paygrid.wallet.chain;

import io.paygrid.wallet.network.ChainCurrency;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An EVM node over JSON-RPC: native transfers are transactions with value to an address; token transfers
 * are ERC-20 {@code Transfer} logs of the catalog's token contracts. Hex quantities are read as BigInteger,
 * never as a floating-point number.
 */
public final class EvmRpcReader implements ChainReader {

    static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    private final WebClient client;
    private final String url;
    private final long timeoutMillis;
    private final String nativeCurrency;
    private final Map<String, ChainCurrency> tokensByContract;
    private final AtomicLong ids = new AtomicLong();

    public EvmRpcReader(WebClient client, String url, long timeoutMillis, String nativeCurrency,
                        Map<String, ChainCurrency> tokensByContract) {
        this.client = client;
        this.url = url;
        this.timeoutMillis = timeoutMillis;
        this.nativeCurrency = nativeCurrency;
        this.tokensByContract = Map.copyOf(tokensByContract);
    }

    /** The chain id the node serves (eth_chainId). */
    public Uni<Long> chainId() {
        return call("eth_chainId", new JsonArray()).map(result -> quantity((String) result).longValueExact());
    }

    @Override
    public Uni<Long> headNumber() {
        return call("eth_blockNumber", new JsonArray()).map(result -> quantity((String) result).longValueExact());
    }

    @Override
    public Uni<BlockRef> block(long number) {
        return call("eth_getBlockByNumber", new JsonArray().add(hex(number)).add(false))
                .map(result -> result == null ? null : toRef((JsonObject) result));
    }

    @Override
    public Uni<List<ObservedTransfer>> transfers(BlockRef ref) {
        Uni<List<ObservedTransfer>> natives = call("eth_getBlockByHash", new JsonArray().add(ref.hash()).add(true)).map(result -> {
            List<ObservedTransfer> found = new ArrayList<>();
            if (result == null) {
                return found;
            }
            for (Object item : ((JsonObject) result).getJsonArray("transactions")) {
                JsonObject tx = (JsonObject) item;
                String to = tx.getString("to");
                BigInteger value = quantity(tx.getString("value", "0x0"));
                if (to != null && value.signum() > 0) {
                    found.add(new ObservedTransfer(tx.getString("hash").toLowerCase(Locale.ROOT), -1, to.toLowerCase(Locale.ROOT),
                            nativeCurrency, value, lower(tx.getString("from")), ref));
                }
            }
            return found;
        });
        if (tokensByContract.isEmpty()) {
            return natives;
        }
        JsonObject filter = new JsonObject().put("blockHash", ref.hash())
                .put("address", new JsonArray(new ArrayList<>(tokensByContract.keySet())))
                .put("topics", new JsonArray().add(TRANSFER_TOPIC));
        Uni<List<ObservedTransfer>> tokens = call("eth_getLogs", new JsonArray().add(filter)).map(result -> {
            List<ObservedTransfer> found = new ArrayList<>();
            for (Object item : (JsonArray) result) {
                JsonObject log = (JsonObject) item;
                JsonArray topics = log.getJsonArray("topics");
                ChainCurrency token = tokensByContract.get(log.getString("address").toLowerCase(Locale.ROOT));
                if (token == null || topics.size() != 3 || Boolean.TRUE.equals(log.getBoolean("removed"))) {
                    continue;
                }
                BigInteger value = quantity(log.getString("data"));
                if (value.signum() > 0) {
                    found.add(new ObservedTransfer(log.getString("transactionHash").toLowerCase(Locale.ROOT),
                            quantity(log.getString("logIndex")).longValueExact(), topicAddress(topics.getString(2)),
                            token.code(), value, topicAddress(topics.getString(1)), ref));
                }
            }
            return found;
        });
        return Uni.combine().all().unis(natives, tokens).with((n, t) -> {
            List<ObservedTransfer> all = new ArrayList<>(n);
            all.addAll(t);
            return all;
        });
    }

    /** Token transfers are logs, which only succeeded transactions leave; a native transfer needs its receipt's status. */
    @Override
    public Uni<List<ObservedTransfer>> succeeded(List<ObservedTransfer> matched) {
        List<Uni<ObservedTransfer>> checks = new ArrayList<>();
        for (ObservedTransfer transfer : matched) {
            if (transfer.logIndex() >= 0) {
                checks.add(Uni.createFrom().item(transfer));
            } else {
                checks.add(call("eth_getTransactionReceipt", new JsonArray().add(transfer.txHash()))
                        .map(receipt -> receipt != null && "0x1".equals(((JsonObject) receipt).getString("status")) ? transfer : null));
            }
        }
        if (checks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(checks).andFailFast().map(results -> results.stream().filter(t -> t != null).toList());
    }

    private Uni<Object> call(String method, JsonArray params) {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method).put("params", params);
        return client.postAbs(url).timeout(timeoutMillis).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(request.encode()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new ChainUnavailableException(method + " answered HTTP " + response.statusCode());
                    }
                    JsonObject body = response.bodyAsJsonObject();
                    if (body.containsKey("error") && body.getValue("error") != null) {
                        throw new ChainUnavailableException(method + " failed: " + body.getValue("error"));
                    }
                    return body.getValue("result");
                });
    }

    private static BlockRef toRef(JsonObject block) {
        return new BlockRef(quantity(block.getString("number")).longValueExact(), block.getString("hash").toLowerCase(Locale.ROOT),
                block.getString("parentHash").toLowerCase(Locale.ROOT));
    }

    static BigInteger quantity(String hex) {
        if (hex == null || !hex.startsWith("0x")) {
            throw new ChainUnavailableException("not a hex quantity: " + hex);
        }
        return hex.length() == 2 ? BigInteger.ZERO : new BigInteger(hex.substring(2), 16);
    }

    private static String topicAddress(String topic) {
        return "0x" + topic.substring(topic.length() - 40).toLowerCase(Locale.ROOT);
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static String hex(long number) {
        return "0x" + Long.toHexString(number);
    }
}
