package io.paygrid.wallet.chain;

import io.paygrid.wallet.WalletFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Esplora HTTP API on loopback that answers from recorded response shapes (test resources
 * {@code recorded/esplora-*.json}) for a chain the test builds and reorganises block by block.
 */
public final class FakeEsplora implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final TreeMap<Long, Block> chain = new TreeMap<>();
    /** A node that is behind: it answers as if its tip were this height. */
    private volatile long visibleTip = Long.MAX_VALUE;
    private final String txTemplate = WalletFixtures.recorded("esplora-tx.json");
    private final String blockTemplate = WalletFixtures.recorded("esplora-block.json");

    public record Block(long height, String hash, String previous, List<JsonObject> transactions) {
    }

    public FakeEsplora() {
        server = vertx.createHttpServer().requestHandler(request -> {
            String path = request.path();
            synchronized (chain) {
                if (path.equals("/blocks/tip/height")) {
                    request.response().endAndForget(String.valueOf(Math.min(visibleTip, chain.lastKey())));
                } else if (path.startsWith("/block-height/")) {
                    long height = Long.parseLong(path.substring("/block-height/".length()));
                    Block block = height > visibleTip ? null : chain.get(height);
                    request.response().setStatusCode(block == null ? 404 : 200).endAndForget(block == null ? "Block not found" : block.hash());
                } else if (path.startsWith("/block/")) {
                    String[] parts = path.substring("/block/".length()).split("/");
                    Block block = chain.values().stream().filter(b -> b.hash().equals(parts[0])).findFirst().orElse(null);
                    if (block == null) {
                        request.response().setStatusCode(404).endAndForget("Block not found");
                    } else if (parts.length == 1) {
                        request.response().putHeader("Content-Type", "application/json").endAndForget(blockJson(block));
                    } else {
                        int start = Integer.parseInt(parts[2]);
                        List<JsonObject> page = block.transactions().subList(start, Math.min(start + 25, block.transactions().size()));
                        request.response().putHeader("Content-Type", "application/json").endAndForget(new JsonArray(new ArrayList<>(page)).encode());
                    }
                } else {
                    request.response().setStatusCode(404).endAndForget();
                }
            }
        }).listen(0, "127.0.0.1").await().atMost(Duration.ofSeconds(5));
    }

    /** From now on, answers as a node whose tip is {@code height} (Long.MAX_VALUE: caught up). */
    public void lagTo(long height) {
        visibleTip = height;
    }

    /** The highest block, whether or not a lagging node shows it. */
    public long tip() {
        synchronized (chain) {
            return chain.isEmpty() ? -1 : chain.lastKey();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Puts a block at {@code height} (replacing it and every block above: a reorg) paying {@code payments} address → sats. */
    public Block mine(long height, String hashSeed, Map<String, Long> payments, int fillerTransactions) {
        synchronized (chain) {
            chain.tailMap(height, true).clear();
            Block parent = chain.get(height - 1);
            String hash = String.format("%064x", new BigInteger(1, sha256(hashSeed + "@" + height)));
            List<JsonObject> transactions = new ArrayList<>();
            for (int i = 0; i < fillerTransactions; i++) {
                transactions.add(tx(hash, height, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", 1000 + i, hashSeed + "-filler-" + i));
            }
            payments.forEach((address, sats) -> transactions.add(tx(hash, height, address, sats, hashSeed + "-pay-" + address)));
            Block block = new Block(height, hash, parent == null ? "00".repeat(32) : parent.hash(), transactions);
            chain.put(height, block);
            return block;
        }
    }

    private JsonObject tx(String blockHash, long height, String address, long sats, String seed) {
        String txid = String.format("%064x", new BigInteger(1, sha256(seed)));
        return new JsonObject(txTemplate.replace("$TXID", txid).replace("$SCRIPTHASH", "00".repeat(20)).replace("$ADDRESS", address)
                .replace("$SATS", String.valueOf(sats)).replace("$HEIGHT", String.valueOf(height)).replace("$BLOCKHASH", blockHash));
    }

    private static byte[] sha256(String seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String blockJson(Block block) {
        return blockTemplate.replace("$BLOCKHASH", block.hash()).replace("$HEIGHT", String.valueOf(block.height()))
                .replace("$TXCOUNT", String.valueOf(block.transactions().size())).replace("$PREVIOUS", block.previous());
    }

    @Override
    public void close() {
        vertx.close().await().atMost(Duration.ofSeconds(5));
    }
}
