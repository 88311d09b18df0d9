package io.paygrid.wallet.chain;

import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.wallet.chain.ChainReader.BlockRef;
import io.paygrid.wallet.config.WalletConfig;
import io.paygrid.wallet.network.ChainCatalog;
import io.paygrid.wallet.network.ChainNetwork;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows each watched network block by block: records transfers into leased addresses, counts their
 * confirmations, and undoes what a reorg removed. One watcher per network is active at a time across all
 * replicas (a transaction-scoped advisory lock on the main database); the scan position and the recent
 * block hashes are kept there, so a restarted watcher continues where it stopped.
 */
@ApplicationScoped
public class ChainWatcher {

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('paygrid.chain-watcher.' || $1)) AS locked";
    private static final String STATE = "SELECT last_block, last_hash FROM chain_scan_state WHERE network = $1";
    private static final String INSERT_STATE = "INSERT INTO chain_scan_state (network, last_block, last_hash) VALUES ($1, $2, $3)";
    private static final String SAVE_STATE = "UPDATE chain_scan_state SET last_block = $2, last_hash = $3, updated_at = now() WHERE network = $1";
    private static final String SAVE_BLOCK = "INSERT INTO chain_blocks (network, number, hash, parent_hash) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (network, number) DO UPDATE SET hash = EXCLUDED.hash, parent_hash = EXCLUDED.parent_hash";
    private static final String RECENT_BLOCKS = "SELECT number, hash FROM chain_blocks WHERE network = $1 ORDER BY number DESC";
    private static final String DROP_ABOVE = "DELETE FROM chain_blocks WHERE network = $1 AND number > $2";
    private static final String PRUNE = "DELETE FROM chain_blocks WHERE network = $1 AND number < $2";

    private final ShardRouter router;
    private final ChainCatalog catalog;
    private final TransferStore transfers;
    private final WalletConfig.Watcher config;
    private final WebClient client;
    private final Map<String, ChainReader> readers = new ConcurrentHashMap<>();

    ChainWatcher(ShardRouter router, ChainCatalog catalog, TransferStore transfers, WalletConfig config, Vertx vertx) {
        this.router = router;
        this.catalog = catalog;
        this.transfers = transfers;
        this.config = config.watcher();
        this.client = WebClient.create(vertx);
    }

    /** Scheduler identity, to pause and resume the watchers (operators, and a test of catching up). */
    public static final String SCHEDULE = "chain-watcher";

    @Scheduled(identity = SCHEDULE, every = "${paygrid.wallet.watcher.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return Multi.createFrom().iterable(catalog.enabledNetworks()).filter(ChainNetwork::watched)
                .onItem().transformToUniAndConcatenate(network -> watch(network).onFailure().recoverWithItem(failure -> {
                    Log.warnf("Watcher of %s will retry: %s", network.id(), failure.getMessage());
                    return null;
                }))
                .collect().last().replaceWithVoid();
    }

    /** One pass over a network: scan new blocks (undoing a reorg first), then count confirmations. */
    public Uni<Void> watch(ChainNetwork network) {
        ChainReader reader = readerFor(network);
        return router.main().withTransaction(tx -> tx.preparedQuery(TRY_LOCK).execute(Tuple.of(network.id())).flatMap(lock -> {
            if (!lock.iterator().next().getBoolean("locked")) {
                return Uni.createFrom().voidItem();
            }
            return reader.headNumber().flatMap(head -> position(tx, network, reader, head)
                    .flatMap(position -> verifyTip(tx, network, reader, position))
                    .flatMap(position -> scan(tx, network, reader, position, head, config.batchBlocks()))
                    .flatMap(position -> transfers.updateConfirmations(network, position.number())
                            .flatMap(ignored -> tx.preparedQuery(PRUNE).execute(
                                    Tuple.of(network.id(), position.number() - config.reorgWindow())))
                            .replaceWithVoid()));
        }));
    }

    ChainReader readerFor(ChainNetwork network) {
        return readers.computeIfAbsent(network.id(), id -> network.kind() == ChainNetwork.Kind.EVM
                ? new EvmRpcReader(client, network.rpcUrl().orElseThrow(), config.rpcTimeout().toMillis(), network.nativeCurrency(),
                        catalog.tokensOf(network.id()))
                : new EsploraReader(client, network.esploraUrl().orElseThrow(), config.rpcTimeout().toMillis()));
    }

    /** The scanned tip; a network seen for the first time starts at its configured block, else at the head. */
    private Uni<Position> position(SqlConnection tx, ChainNetwork network, ChainReader reader, long head) {
        return tx.preparedQuery(STATE).execute(Tuple.of(network.id())).flatMap(rows -> {
            if (rows.rowCount() == 1) {
                Row row = rows.iterator().next();
                return Uni.createFrom().item(new Position(row.getLong("last_block"), row.getString("last_hash")));
            }
            long start = network.startBlock().isPresent() ? network.startBlock().getAsLong() : head;
            Uni<Position> initial = start == 0
                    ? Uni.createFrom().item(new Position(-1, null))
                    : reader.block(start - 1).flatMap(block -> saveBlock(tx, network, block).replaceWith(new Position(block.number(), block.hash())));
            return initial.call(position -> tx.preparedQuery(INSERT_STATE).execute(Tuple.of(network.id(), position.number(), position.hash())))
                    .invoke(position -> Log.infof("Watching %s from block %d", network.id(), position.number() + 1));
        });
    }

    /** If the block we last scanned is no longer on the best chain (or the chain got shorter), roll back first. */
    private Uni<Position> verifyTip(SqlConnection tx, ChainNetwork network, ChainReader reader, Position position) {
        if (position.number() < 0) {
            return Uni.createFrom().item(position);
        }
        return reader.block(position.number()).flatMap(block -> block != null && block.hash().equals(position.hash())
                ? Uni.createFrom().item(position)
                : rollBack(tx, network, reader));
    }

    private Uni<Position> scan(SqlConnection tx, ChainNetwork network, ChainReader reader, Position position, long head, int budget) {
        if (budget == 0 || position.number() >= head) {
            return Uni.createFrom().item(position);
        }
        return reader.block(position.number() + 1).flatMap(block -> {
            if (block == null) {
                return Uni.createFrom().item(position);
            }
            if (position.hash() != null && !block.parentHash().equals(position.hash())) {
                return rollBack(tx, network, reader).flatMap(back -> scan(tx, network, reader, back, head, budget - 1));
            }
            return reader.transfers(block)
                    .flatMap(observed -> transfers.matchLeased(network, observed))
                    .flatMap(matched -> matched.isEmpty() ? Uni.createFrom().item(List.<TransferStore.Matched>of())
                            : reader.succeeded(matched.stream().map(TransferStore.Matched::transfer).toList())
                                    .map(ok -> matched.stream().filter(m -> ok.contains(m.transfer())).toList()))
                    .flatMap(succeeded -> transfers.recordDetected(network, succeeded))
                    .flatMap(ignored -> saveBlock(tx, network, block))
                    .flatMap(ignored -> tx.preparedQuery(SAVE_STATE).execute(Tuple.of(network.id(), block.number(), block.hash())))
                    .flatMap(ignored -> scan(tx, network, reader, new Position(block.number(), block.hash()), head, budget - 1));
        });
    }

    /**
     * Walks back through the recent blocks to the highest one still on the best chain, reverts every transfer
     * above it, and continues from there. A reorg deeper than the window is logged as an error: its transfers
     * are reverted down to the window's bottom.
     */
    private Uni<Position> rollBack(SqlConnection tx, ChainNetwork network, ChainReader reader) {
        return tx.preparedQuery(RECENT_BLOCKS).execute(Tuple.of(network.id())).flatMap(rows -> {
            List<Position> recent = new ArrayList<>();
            rows.forEach(row -> recent.add(new Position(row.getLong("number"), row.getString("hash"))));
            return forkPoint(reader, recent, 0).flatMap(fork -> {
                Position point = fork.orElseGet(() -> {
                    long bottom = recent.isEmpty() ? 0 : recent.get(recent.size() - 1).number();
                    Log.errorf("Reorg on %s is deeper than the %d blocks kept; reverting down to block %d",
                            network.id(), config.reorgWindow(), bottom - 1);
                    return new Position(bottom - 1, null);
                });
                return transfers.revertAbove(network, point.number())
                        .invoke(reverted -> Log.warnf("Reorg on %s: back to block %d, %d transfer(s) reverted",
                                network.id(), point.number(), reverted))
                        .flatMap(ignored -> tx.preparedQuery(DROP_ABOVE).execute(Tuple.of(network.id(), point.number())))
                        .flatMap(ignored -> tx.preparedQuery(SAVE_STATE).execute(Tuple.of(network.id(), point.number(), point.hash())))
                        .replaceWith(point);
            });
        });
    }

    private Uni<Optional<Position>> forkPoint(ChainReader reader, List<Position> recent, int index) {
        if (index >= recent.size()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Position stored = recent.get(index);
        return reader.block(stored.number()).flatMap(canonical -> canonical != null && canonical.hash().equals(stored.hash())
                ? Uni.createFrom().item(Optional.of(stored))
                : forkPoint(reader, recent, index + 1));
    }

    private Uni<Void> saveBlock(SqlConnection tx, ChainNetwork network, BlockRef block) {
        return tx.preparedQuery(SAVE_BLOCK).execute(Tuple.of(network.id(), block.number(), block.hash(), block.parentHash()))
                .replaceWithVoid();
    }

    private record Position(long number, String hash) {
    }
}
