package io.paygrid.wallet.chain;

import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.contract.ChainEvents.TransferData;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.outbox.Outbox;
import io.paygrid.platform.shard.ShardDatabase;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.wallet.address.Eip55;
import io.paygrid.wallet.chain.ChainReader.ObservedTransfer;
import io.paygrid.wallet.network.ChainCatalog;
import io.paygrid.wallet.network.ChainCurrency;
import io.paygrid.wallet.network.ChainNetwork;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The watcher's writes to merchant shards: transfers into leased addresses, their confirmations and
 * reverts, each with its chain.events.v1 event in the same shard transaction. Every write is idempotent,
 * so a watcher that crashes before saving its scan position simply does the same block again.
 */
@ApplicationScoped
public class TransferStore {

    private static final String SOURCE = "wallet-service";
    private static final String LEASED = """
            SELECT a.address, l.id AS lease_id, l.merchant_id, l.invoice_id, l.method, l.required_confirmations
              FROM addresses a JOIN address_leases l ON l.id = a.lease_id
             WHERE a.network = $1 AND a.address = ANY($2)""";
    private static final String LIVE_COPY = "SELECT id, block_hash FROM chain_transfers "
            + "WHERE network = $1 AND tx_hash = $2 AND log_index = $3 AND status <> 'reverted' FOR UPDATE";
    private static final String INSERT = """
            INSERT INTO chain_transfers (id, merchant_id, lease_id, network, currency, address, amount, tx_hash, log_index,
                block_number, block_hash, from_address, confirmations, required_confirmations, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, 'detected')
            ON CONFLICT (network, tx_hash, log_index) WHERE status <> 'reverted' DO NOTHING
            RETURNING id""";
    private static final String REVERT = "UPDATE chain_transfers SET status = 'reverted', reverted_at = now() "
            + "WHERE id = $1 AND status <> 'reverted'";
    private static final String MARK_USED = """
            WITH used AS (UPDATE addresses SET status = 'used', used_at = now()
                           WHERE network = $1 AND address = $2 AND status IN ('assigned', 'expired') RETURNING scheme_id)
            UPDATE derivation_schemes SET gap_exceeded_at = NULL WHERE id IN (SELECT scheme_id FROM used)""";
    private static final String COLUMNS = "t.*, l.invoice_id, l.method";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM chain_transfers t JOIN address_leases l ON l.id = t.lease_id WHERE t.id = $1";
    /* The transfers still counting, and the settled ones recent enough that their block's hash is kept. */
    private static final String TO_CHECK = "SELECT " + COLUMNS + " FROM chain_transfers t JOIN address_leases l ON l.id = t.lease_id "
            + "WHERE t.network = $1 AND (t.status = 'detected' OR (t.status = 'confirmed' AND t.block_number >= $2)) FOR UPDATE OF t";
    private static final String SET_CONFIRMATIONS = "UPDATE chain_transfers SET confirmations = $2, status = $3, "
            + "confirmed_at = CASE WHEN $3 = 'confirmed' THEN now() ELSE confirmed_at END WHERE id = $1";
    private static final String REVERT_ABOVE = """
            UPDATE chain_transfers SET status = 'reverted', reverted_at = now()
             WHERE network = $1 AND block_number > $2 AND status <> 'reverted' RETURNING id""";

    private final ShardRouter router;
    private final ChainCatalog catalog;

    TransferStore(ShardRouter router, ChainCatalog catalog) {
        this.router = router;
        this.catalog = catalog;
    }

    /** The transfers of a block that went to leased addresses, with the lease they belong to. */
    public Uni<List<Matched>> matchLeased(ChainNetwork network, List<ObservedTransfer> observed) {
        if (observed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] addresses = observed.stream().map(ObservedTransfer::address).distinct().toArray(String[]::new);
        return everyShard(shard -> shard.pool().preparedQuery(LEASED).execute(Tuple.of(network.id(), addresses)).map(rows -> {
            List<Matched> matched = new ArrayList<>();
            for (Row row : rows) {
                for (ObservedTransfer transfer : observed) {
                    if (transfer.address().equals(row.getString("address"))) {
                        matched.add(new Matched(transfer, row.getString("lease_id"), row.getString("merchant_id"),
                                row.getInteger("required_confirmations")));
                    }
                }
            }
            return matched;
        }));
    }

    /** Records transfers (each merchant's on its shard) and publishes detection of the new ones. */
    public Uni<Void> recordDetected(ChainNetwork network, List<Matched> transfers) {
        return Multi.createFrom().iterable(transfers).onItem().transformToUniAndConcatenate(matched ->
                router.inTransaction(matched.merchantId(), tx -> insert(tx, network, matched))).collect().last().replaceWithVoid();
    }

    /**
     * Records the transfer unless it already is, in this block. A live copy in another block (left by a pass
     * that crashed before it saved its block, which then left the best chain) is reverted first.
     */
    private Uni<Void> insert(SqlConnection tx, ChainNetwork network, Matched matched) {
        ObservedTransfer transfer = matched.transfer();
        return tx.preparedQuery(LIVE_COPY).execute(Tuple.of(network.id(), transfer.txHash(), transfer.logIndex())).flatMap(copies -> {
            if (copies.rowCount() == 0) {
                return insertNew(tx, network, matched);
            }
            Row copy = copies.iterator().next();
            if (copy.getString("block_hash").equals(transfer.block().hash())) {
                return Uni.createFrom().voidItem();
            }
            return revert(tx, copy.getString("id")).flatMap(ignored -> insertNew(tx, network, matched));
        });
    }

    private Uni<Void> revert(SqlConnection tx, String transferId) {
        return tx.preparedQuery(REVERT).execute(Tuple.of(transferId))
                .flatMap(updated -> updated.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : publish(tx, ChainEvents.TRANSFER_REVERTED, transferId));
    }

    private Uni<Void> insertNew(SqlConnection tx, ChainNetwork network, Matched matched) {
        ObservedTransfer transfer = matched.transfer();
        ChainCurrency currency = catalog.method(transfer.currency().toLowerCase(Locale.ROOT) + "-" + network.id()).orElseThrow();
        Tuple row = Tuple.tuple(List.of(Ids.newId(IdPrefix.CHAIN_TRANSFER), matched.merchantId(), matched.leaseId(), network.id(),
                currency.code(), transfer.address(), currency.fromBaseUnits(transfer.amount()), transfer.txHash(),
                transfer.logIndex(), transfer.block().number(), transfer.block().hash()));
        row.addValue(transfer.fromAddress()).addValue(matched.requiredConfirmations());
        return tx.preparedQuery(INSERT).execute(row).flatMap(inserted -> {
            if (inserted.rowCount() == 0) {
                return Uni.createFrom().voidItem();
            }
            String id = inserted.iterator().next().getString("id");
            return tx.preparedQuery(MARK_USED).execute(Tuple.of(network.id(), transfer.address()))
                    .flatMap(ignored -> publish(tx, ChainEvents.TRANSFER_DETECTED, id));
        });
    }

    /**
     * Counts confirmations against the scanned tip and settles the transfers that reached their requirement.
     * First, any live transfer whose block is not the kept block at its height is reverted: the watcher
     * recorded it in a pass that ended before it saved that block, and the block has since left the chain.
     */
    public Uni<Void> updateConfirmations(ChainNetwork network, long tip, Map<Long, String> canonicalHashes) {
        long oldestKept = canonicalHashes.keySet().stream().mapToLong(Long::longValue).min().orElse(tip + 1);
        return everyShard(shard -> shard.pool().withTransaction(tx -> tx.preparedQuery(TO_CHECK).execute(Tuple.of(network.id(), oldestKept))
                .flatMap(rows -> {
                    List<Uni<Void>> updates = new ArrayList<>();
                    for (Row row : rows) {
                        updates.add(check(tx, row, tip, canonicalHashes));
                    }
                    return sequentially(updates);
                }).replaceWith(List.<Void>of())))
                .replaceWithVoid();
    }

    private Uni<Void> check(SqlConnection tx, Row row, long tip, Map<Long, String> canonicalHashes) {
        String id = row.getString("id");
        long block = row.getLong("block_number");
        String kept = canonicalHashes.get(block);
        if (block > tip || (kept != null && !kept.equals(row.getString("block_hash")))) {
            return revert(tx, id);
        }
        if (!"detected".equals(row.getString("status"))) {
            return Uni.createFrom().voidItem();
        }
        int confirmations = (int) (tip - block + 1);
        int required = row.getInteger("required_confirmations");
        boolean settled = confirmations >= required;
        if (confirmations == row.getInteger("confirmations") && !settled) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(SET_CONFIRMATIONS).execute(Tuple.of(id, confirmations, settled ? "confirmed" : "detected"))
                .flatMap(ignored -> publish(tx, settled ? ChainEvents.TRANSFER_CONFIRMED : ChainEvents.TRANSFER_CONFIRMATIONS_CHANGED, id));
    }

    /** A reorg removed every block above {@code forkPoint}: the transfers in them are reverted. */
    public Uni<Integer> revertAbove(ChainNetwork network, long forkPoint) {
        return everyShard(shard -> shard.pool().withTransaction(tx -> tx.preparedQuery(REVERT_ABOVE).execute(Tuple.of(network.id(), forkPoint))
                .flatMap(rows -> {
                    List<Uni<Void>> events = new ArrayList<>();
                    rows.forEach(row -> events.add(publish(tx, ChainEvents.TRANSFER_REVERTED, row.getString("id"))));
                    return sequentially(events).replaceWith(List.of(rows.rowCount()));
                })))
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Void> publish(SqlConnection tx, String type, String transferId) {
        return tx.preparedQuery(BY_ID).execute(Tuple.of(transferId)).flatMap(rows -> {
            TransferData data = toData(rows.iterator().next());
            return Outbox.append(tx, Topics.CHAIN_EVENTS, CloudEvent.of(type, SOURCE, data.merchantId(), data.id(), EventJson.toTree(data)));
        });
    }

    private TransferData toData(Row row) {
        ChainNetwork network = catalog.network(row.getString("network")).orElseThrow();
        String address = row.getString("address");
        return new TransferData(row.getString("id"), row.getString("merchant_id"), row.getString("invoice_id"),
                row.getString("lease_id"), row.getString("method"), network.id(), row.getString("currency"),
                network.kind() == ChainNetwork.Kind.EVM ? Eip55.checksummed(address) : address,
                row.getBigDecimal("amount").stripTrailingZeros(), row.getString("tx_hash"), row.getLong("log_index"),
                row.getLong("block_number"), row.getString("block_hash"), row.getString("from_address"),
                row.getInteger("confirmations"), row.getInteger("required_confirmations"), row.getString("status"),
                row.getOffsetDateTime("detected_at").toInstant());
    }

    private <T> Uni<List<T>> everyShard(Function<ShardDatabase, Uni<List<T>>> work) {
        return Multi.createFrom().iterable(router.shards()).onItem().<List<T>>transformToUniAndConcatenate(work::apply)
                .collect().in(ArrayList<T>::new, List::addAll);
    }

    /** One after another on the transaction's connection, without nesting (thousands of rows stay shallow). */
    private static Uni<Void> sequentially(List<Uni<Void>> steps) {
        if (steps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(steps).onItem().transformToUniAndConcatenate(step -> step).collect().last().replaceWithVoid();
    }

    public record Matched(ObservedTransfer transfer, String leaseId, String merchantId, int requiredConfirmations) {
    }
}
