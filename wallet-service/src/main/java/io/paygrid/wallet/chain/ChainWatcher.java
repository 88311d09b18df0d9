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
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows each watched network block by block: records transfers into leased addresses, counts their
 * confirmations, and undoes what a reorg removed. One watcher per network is active at a time across all
 * replicas (a session advisory lock on the main database, released if the process dies). The scan position
 * and the recent block hashes are kept there and saved after every block, so a restarted watcher continues
 * where it stopped; every shard write is idempotent, so a block done twice after a crash changes nothing.
 */
@ApplicationScoped
public class ChainWatcher {

    /** Scheduler identity, to pause and resume the watchers (operators, and a test of catching up). */
    public static final String SCHEDULE = "chain-watcher";

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
    private final Set<String> verifiedChains = ConcurrentHashMap.newKeySet();

    ChainWatcher(ShardRouter router, ChainCatalog catalog, TransferStore transfers, WalletConfig config, Vertx vertx) {
        this.router = router;
        this.catalog = catalog;
        this.transfers = transfers;
        this.config = config.watcher();
        this.client = WebClient.create(vertx);
    }

    /** Every watched network at once: a slow node delays only its own network. */
    @Scheduled(identity = SCHEDULE, every = "${paygrid.wallet.watcher.poll-interval:1s}", delayed = "1s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return Multi.createFrom().iterable(catalog.enabledNetworks()).filter(ChainNetwork::watched)
                .onItem().transformToUniAndMerge(network -> watch(network)
                        .onFailure().recoverWithItem(failure -> {
                            Log.warnf("Watcher of %s will retry: %s", network.id(), describe(failure));
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    /** Node URLs may carry an API key in their path: failures are described without them. */
    private static String describe(Throwable failure) {
        return failure instanceof ChainUnavailableException ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    /**
     * One pass over a network, if no other watcher holds it: scan new blocks (undoing a reorg first), then count
     * confirmations. The lock is held by a transaction that writes nothing and ends with the pass (so a dead
     * process releases it); the pass itself saves through other connections, block by block. Every node call
     * has a timeout, so a pass always ends.
     */
    public Uni<Void> watch(ChainNetwork network) {
        ChainReader reader = readerFor(network);
        return router.main().withTransaction(lockHolder -> lockHolder.preparedQuery(TRY_LOCK).execute(Tuple.of(network.id()))
                .flatMap(lock -> lock.iterator().next().getBoolean("locked")
                        ? pass(router.main(), network, reader)
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Void> pass(SqlClient connection, ChainNetwork network, ChainReader reader) {
        return verifyChain(network, reader)
                .flatMap(ignored -> reader.headNumber())
                .flatMap(head -> position(connection, network, reader, head)
                        .flatMap(position -> verifyTip(connection, network, reader, position, head))
                        .flatMap(position -> scan(connection, network, reader, position, head, config.batchBlocks())))
                .flatMap(position -> canonicalHashes(connection, network)
                        .flatMap(canonical -> transfers.updateConfirmations(network, position.number(), canonical))
                        .flatMap(ignored -> connection.preparedQuery(PRUNE)
                                .execute(Tuple.of(network.id(), position.number() - config.reorgWindow()))))
                .replaceWithVoid();
    }

    /** An EVM node must serve the network's chain: a misconfigured URL would otherwise credit another chain's transfers. */
    private Uni<Void> verifyChain(ChainNetwork network, ChainReader reader) {
        if (!(reader instanceof EvmRpcReader evm) || verifiedChains.contains(network.id())) {
            return Uni.createFrom().voidItem();
        }
        return evm.chainId().map(chainId -> {
            if (!chainId.equals(network.chainId())) {
                throw new ChainUnavailableException("the node for " + network.id() + " serves chain id " + chainId
                        + ", not " + network.chainId() + ": not watching it");
            }
            verifiedChains.add(network.id());
            return null;
        });
    }

    ChainReader readerFor(ChainNetwork network) {
        return readers.computeIfAbsent(network.id(), id -> network.kind() == ChainNetwork.Kind.EVM
                ? new EvmRpcReader(client, network.rpcUrl().orElseThrow(), config.rpcTimeout().toMillis(), network.nativeCurrency(),
                        catalog.tokensOf(network.id()))
                : new EsploraReader(client, network.esploraUrl().orElseThrow(), config.rpcTimeout().toMillis()));
    }

    /** The scanned tip; a network seen for the first time starts at its configured block, else at the head. */
    private Uni<Position> position(SqlClient connection, ChainNetwork network, ChainReader reader, long head) {
        return connection.preparedQuery(STATE).execute(Tuple.of(network.id())).flatMap(rows -> {
            if (rows.rowCount() == 1) {
                Row row = rows.iterator().next();
                return Uni.createFrom().item(new Position(row.getLong("last_block"), row.getString("last_hash")));
            }
            long start = network.startBlock().isPresent() ? network.startBlock().getAsLong() : head;
            Uni<Position> initial = start == 0
                    ? Uni.createFrom().item(new Position(-1, null))
                    : existingBlock(reader, start - 1)
                            .flatMap(block -> saveBlock(connection, network, block).replaceWith(new Position(block.number(), block.hash())));
            return initial.call(position -> connection.preparedQuery(INSERT_STATE).execute(Tuple.of(network.id(), position.number(), position.hash())))
                    .invoke(position -> Log.infof("Watching %s from block %d", network.id(), position.number() + 1));
        });
    }

    /**
     * If the block we last scanned is no longer the best chain's block at its height, roll back first. A node
     * that is behind us (or does not have the block) is not a reorg: the pass waits for it.
     */
    private Uni<Position> verifyTip(SqlClient connection, ChainNetwork network, ChainReader reader, Position position, long head) {
        if (position.number() < 0) {
            return Uni.createFrom().item(position);
        }
        if (head < position.number()) {
            return Uni.createFrom().failure(new ChainUnavailableException("the node's head " + head + " is behind block "
                    + position.number() + " already scanned; waiting for it to catch up"));
        }
        return existingBlock(reader, position.number()).flatMap(block -> block.hash().equals(position.hash())
                ? Uni.createFrom().item(position)
                : rollBack(connection, network, reader));
    }

    /** Scans up to {@code budget} blocks, saving the position after each, so a failure loses at most the block in hand. */
    private Uni<Position> scan(SqlClient connection, ChainNetwork network, ChainReader reader, Position position, long head, int budget) {
        if (budget == 0 || position.number() >= head) {
            return Uni.createFrom().item(position);
        }
        return existingBlock(reader, position.number() + 1).flatMap(block -> {
            if (position.hash() != null && !block.parentHash().equals(position.hash())) {
                return rollBack(connection, network, reader).flatMap(back -> scan(connection, network, reader, back, head, budget - 1));
            }
            return reader.transfers(block)
                    .flatMap(observed -> transfers.matchLeased(network, observed))
                    .flatMap(matched -> matched.isEmpty() ? Uni.createFrom().item(List.<TransferStore.Matched>of())
                            : reader.succeeded(matched.stream().map(TransferStore.Matched::transfer).toList())
                                    .map(ok -> matched.stream().filter(m -> ok.contains(m.transfer())).toList()))
                    .flatMap(succeeded -> transfers.recordDetected(network, succeeded))
                    .flatMap(ignored -> saveBlock(connection, network, block))
                    .flatMap(ignored -> connection.preparedQuery(SAVE_STATE).execute(Tuple.of(network.id(), block.number(), block.hash())))
                    .flatMap(ignored -> scan(connection, network, reader, new Position(block.number(), block.hash()), head, budget - 1));
        });
    }

    /**
     * Walks back through the recent blocks to the highest one still on the best chain, reverts every transfer
     * above it, and continues from there. A reorg deeper than the window is logged as an error: its transfers
     * are reverted down to the window's bottom.
     */
    private Uni<Position> rollBack(SqlClient connection, ChainNetwork network, ChainReader reader) {
        return connection.preparedQuery(RECENT_BLOCKS).execute(Tuple.of(network.id())).flatMap(rows -> {
            List<Position> recent = new ArrayList<>();
            rows.forEach(row -> recent.add(new Position(row.getLong("number"), row.getString("hash"))));
            if (recent.isEmpty()) {
                return Uni.createFrom().failure(new ChainUnavailableException("a reorg on " + network.id()
                        + " with no recent blocks kept to find where it forked"));
            }
            return forkPoint(reader, recent, 0).flatMap(fork -> {
                Position point = fork.orElseGet(() -> {
                    long bottom = recent.get(recent.size() - 1).number();
                    Log.errorf("Reorg on %s is deeper than the %d blocks kept; reverting down to block %d",
                            network.id(), recent.size(), bottom - 1);
                    return new Position(bottom - 1, null);
                });
                return transfers.revertAbove(network, point.number())
                        .invoke(reverted -> Log.warnf("Reorg on %s: back to block %d, %d transfer(s) reverted",
                                network.id(), point.number(), reverted))
                        .flatMap(ignored -> connection.preparedQuery(DROP_ABOVE).execute(Tuple.of(network.id(), point.number())))
                        .flatMap(ignored -> connection.preparedQuery(SAVE_STATE).execute(Tuple.of(network.id(), point.number(), point.hash())))
                        .replaceWith(point);
            });
        });
    }

    private Uni<Optional<Position>> forkPoint(ChainReader reader, List<Position> recent, int index) {
        if (index >= recent.size()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Position stored = recent.get(index);
        return existingBlock(reader, stored.number()).flatMap(canonical -> canonical.hash().equals(stored.hash())
                ? Uni.createFrom().item(Optional.of(stored))
                : forkPoint(reader, recent, index + 1));
    }

    /** The best chain's block at {@code number}; a node without it fails the pass rather than passing for a reorg. */
    private static Uni<BlockRef> existingBlock(ChainReader reader, long number) {
        return reader.block(number).map(block -> {
            if (block == null) {
                throw new ChainUnavailableException("the node has no block " + number + " yet");
            }
            return block;
        });
    }

    /** The hashes of the blocks kept, by number: what a live transfer's block must still be. */
    private static Uni<Map<Long, String>> canonicalHashes(SqlClient connection, ChainNetwork network) {
        return connection.preparedQuery(RECENT_BLOCKS).execute(Tuple.of(network.id())).map(rows -> {
            Map<Long, String> hashes = new HashMap<>();
            rows.forEach(row -> hashes.put(row.getLong("number"), row.getString("hash")));
            return hashes;
        });
    }

    private Uni<Void> saveBlock(SqlClient connection, ChainNetwork network, BlockRef block) {
        return connection.preparedQuery(SAVE_BLOCK).execute(Tuple.of(network.id(), block.number(), block.hash(), block.parentHash()))
                .replaceWithVoid();
    }

    private record Position(long number, String hash) {
    }
}
