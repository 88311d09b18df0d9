package io.paygrid.wallet.address;

import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.wallet.config.WalletConfig;
import io.paygrid.wallet.network.ChainCatalog;
import io.paygrid.wallet.network.ChainNetwork;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Upkeep of the address pools on every shard: expire unpaid leases, and derive ahead when a pool runs low. */
@ApplicationScoped
public class AddressPoolJobs {

    private static final String EXPIRE = """
            UPDATE addresses a SET status = 'expired'
              FROM address_leases l
             WHERE l.id = a.lease_id AND a.status = 'assigned' AND l.expires_at < now() - $1 * interval '1 second'""";
    private static final String LOW_POOLS = """
            SELECT s.id, s.merchant_id, s.network, s.account_key,
                   (SELECT count(*) FROM addresses a WHERE a.scheme_id = s.id AND a.status = 'available') AS available
              FROM derivation_schemes s WHERE s.retired_at IS NULL""";

    private final ShardRouter router;
    private final ChainCatalog catalog;
    private final DerivationSchemeService schemes;
    private final WalletConfig config;

    AddressPoolJobs(ShardRouter router, ChainCatalog catalog, DerivationSchemeService schemes, WalletConfig config) {
        this.router = router;
        this.catalog = catalog;
        this.schemes = schemes;
        this.config = config;
    }

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> upkeep() {
        return Multi.createFrom().iterable(router.shards()).onItem().transformToUniAndConcatenate(shard ->
                        expire(shard.pool()).flatMap(ignored -> refill(shard.pool()))
                                .onFailure().recoverWithItem(failure -> {
                                    Log.warnf("Address pool upkeep failed on shard %d: %s", shard.index(), failure.getMessage());
                                    return null;
                                }))
                .collect().last().replaceWithVoid();
    }

    Uni<Void> expire(Pool pool) {
        return pool.preparedQuery(EXPIRE).execute(Tuple.of(config.leaseGrace().toSeconds())).replaceWithVoid();
    }

    /** Tops up every pool below half its size; the derivation claims indexes under the scheme's lock. */
    Uni<Void> refill(Pool pool) {
        return pool.query(LOW_POOLS).execute().flatMap(rows -> {
            List<Uni<Integer>> refills = new ArrayList<>();
            for (Row row : rows) {
                long available = row.getLong("available");
                if (available >= config.poolSize() / 2) {
                    continue;
                }
                ChainNetwork network = catalog.network(row.getString("network")).orElse(null);
                if (network == null) {
                    continue;
                }
                AccountKey key = AccountKey.parse(row.getString("account_key"), network);
                int missing = (int) (config.poolSize() - available);
                refills.add(pool.withTransaction(tx -> schemes.derive(tx, row.getString("id"), row.getString("merchant_id"),
                        network, key, missing)));
            }
            return refills.isEmpty() ? Uni.createFrom().voidItem()
                    : Multi.createFrom().iterable(refills).onItem().transformToUniAndConcatenate(u -> u).collect().last().replaceWithVoid();
        });
    }
}
