package io.paygrid.wallet.chain;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Bitcoin network through an Esplora HTTP API (Blockstream's, or electrs self-hosted): every output of
 * every transaction of a block is a candidate transfer ({@code logIndex} = output index, amount in satoshi).
 * Confirmed transactions in a block always succeeded.
 */
public final class EsploraReader implements ChainReader {

    /** Esplora pages a block's transactions 25 at a time. */
    static final int PAGE = 25;

    private final WebClient client;
    private final String baseUrl;
    private final long timeoutMillis;

    public EsploraReader(WebClient client, String baseUrl, long timeoutMillis) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Uni<Long> headNumber() {
        return get("/blocks/tip/height").map(response -> Long.parseLong(ok(response).bodyAsString().trim()));
    }

    @Override
    public Uni<BlockRef> block(long number) {
        return get("/block-height/" + number).flatMap(response -> {
            if (response.statusCode() == 404) {
                return Uni.createFrom().nullItem();
            }
            String hash = ok(response).bodyAsString().trim();
            return get("/block/" + hash).map(block -> toRef(ok(block).bodyAsJsonObject()));
        });
    }

    static BlockRef toRef(JsonObject block) {
        String previous = block.getString("previousblockhash");
        return new BlockRef(block.getLong("height"), block.getString("id"), previous == null ? "" : previous);
    }

    @Override
    public Uni<List<ObservedTransfer>> transfers(BlockRef block) {
        return get("/block/" + block.hash()).flatMap(response -> {
            int count = ok(response).bodyAsJsonObject().getInteger("tx_count");
            List<Integer> pages = new ArrayList<>();
            for (int start = 0; start < count; start += PAGE) {
                pages.add(start);
            }
            return Multi.createFrom().iterable(pages)
                    .onItem().transformToUniAndConcatenate(start -> get("/block/" + block.hash() + "/txs/" + start)
                            .map(page -> outputs(ok(page).bodyAsJsonArray(), block)))
                    .collect().in(ArrayList::new, List::addAll);
        });
    }

    /** Every output paying an address, as a candidate transfer. */
    static List<ObservedTransfer> outputs(JsonArray transactions, BlockRef block) {
        List<ObservedTransfer> found = new ArrayList<>();
        for (Object item : transactions) {
            JsonObject tx = (JsonObject) item;
            JsonArray outputs = tx.getJsonArray("vout");
            String from = firstInputAddress(tx.getJsonArray("vin"));
            for (int index = 0; index < outputs.size(); index++) {
                JsonObject output = outputs.getJsonObject(index);
                String address = output.getString("scriptpubkey_address");
                long sats = output.getLong("value", 0L);
                if (address != null && sats > 0) {
                    found.add(new ObservedTransfer(tx.getString("txid"), index, address.toLowerCase(Locale.ROOT), "BTC",
                            BigInteger.valueOf(sats), from, block));
                }
            }
        }
        return found;
    }

    private static String firstInputAddress(JsonArray inputs) {
        if (inputs == null || inputs.isEmpty()) {
            return null;
        }
        JsonObject prevout = inputs.getJsonObject(0).getJsonObject("prevout");
        return prevout == null ? null : prevout.getString("scriptpubkey_address");
    }

    @Override
    public Uni<List<ObservedTransfer>> succeeded(List<ObservedTransfer> matched) {
        return Uni.createFrom().item(matched);
    }

    private Uni<HttpResponse<Buffer>> get(String path) {
        return client.getAbs(baseUrl + path).timeout(timeoutMillis).send();
    }

    private static HttpResponse<Buffer> ok(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw new ChainUnavailableException("Esplora answered HTTP " + response.statusCode());
        }
        return response;
    }
}
