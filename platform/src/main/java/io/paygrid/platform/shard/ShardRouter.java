package io.paygrid.platform.shard;

import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.db.SchemaMigrator;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Maps a merchant to the database that holds its rows. Global tables live in the service's main
 * database (Panache or {@link #main()}); merchant-owned tables live in shard {@code JumpHash(merchant, N)}.
 * N and each shard's connection are runtime configuration ({@code paygrid.shards[i].*}); with none
 * configured the main database is the single shard. Every shard is migrated at start-up.
 */
@ApplicationScoped
public class ShardRouter {

    private final Pool mainPool;
    private final List<ShardDatabase> shards;
    private final List<Pool> ownedPools = new ArrayList<>();
    private final String mainJdbcUrl;
    private final String mainUsername;
    private final String mainPassword;

    ShardRouter(PlatformConfig config, Vertx vertx, Pool mainPool,
                @ConfigProperty(name = "quarkus.datasource.jdbc.url") String mainJdbcUrl,
                @ConfigProperty(name = "quarkus.datasource.username") String mainUsername,
                @ConfigProperty(name = "quarkus.datasource.password") String mainPassword) {
        this.mainPool = mainPool;
        this.mainJdbcUrl = mainJdbcUrl;
        this.mainUsername = mainUsername;
        this.mainPassword = mainPassword;
        List<ShardDatabase> configured = new ArrayList<>();
        if (config.shards().isEmpty()) {
            configured.add(new ShardDatabase(0, mainPool, mainJdbcUrl, mainUsername, mainPassword));
        } else {
            for (int i = 0; i < config.shards().size(); i++) {
                PlatformConfig.Shard shard = config.shards().get(i);
                Pool pool = createPool(vertx, shard);
                ownedPools.add(pool);
                configured.add(new ShardDatabase(i, pool, "jdbc:" + shard.url(), shard.username(), shard.password()));
            }
        }
        this.shards = List.copyOf(configured);
    }

    void migrate(@Observes @Priority(10) StartupEvent start) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        SchemaMigrator.migrate(mainJdbcUrl, mainUsername, mainPassword, SchemaMigrator.PLATFORM, loader);
        for (ShardDatabase shard : shards) {
            SchemaMigrator.migrate(shard.jdbcUrl(), shard.username(), shard.password(), SchemaMigrator.PLATFORM, loader);
            SchemaMigrator.migrate(shard.jdbcUrl(), shard.username(), shard.password(), SchemaMigrator.SHARD, loader);
        }
        Log.infof("Merchant data on %d shard(s)", shards.size());
    }

    void close(@Observes ShutdownEvent stop) {
        ownedPools.forEach(Pool::closeAndAwait);
    }

    public int shardCount() {
        return shards.size();
    }

    public int shardIndexOf(String merchantId) {
        return JumpHash.bucket(merchantId, shards.size());
    }

    public ShardDatabase shardOf(String merchantId) {
        return shards.get(shardIndexOf(merchantId));
    }

    public Pool poolFor(String merchantId) {
        return shardOf(merchantId).pool();
    }

    /** One transaction on the merchant's shard. */
    public <T> Uni<T> inTransaction(String merchantId, Function<SqlConnection, Uni<T>> work) {
        return poolFor(merchantId).withTransaction(work);
    }

    public List<ShardDatabase> shards() {
        return shards;
    }

    /** The service's main database: global tables. */
    public Pool main() {
        return mainPool;
    }

    /** Every distinct database this service writes: the main one and each shard. */
    public List<Pool> allDatabases() {
        List<Pool> all = new ArrayList<>();
        all.add(mainPool);
        shards.stream().map(ShardDatabase::pool).filter(p -> p != mainPool).forEach(all::add);
        return all;
    }

    /**
     * Runs {@code work} on every database in turn (housekeeping). A database that fails is logged and
     * skipped, so one unreachable shard does not stop the others' upkeep.
     */
    public Uni<Void> onEveryDatabase(String what, Function<Pool, Uni<?>> work) {
        return Multi.createFrom().iterable(allDatabases())
                .onItem().transformToUniAndConcatenate(db -> work.apply(db).replaceWithVoid()
                        .onFailure().recoverWithUni(failure -> {
                            Log.warnf("%s failed on one database, will retry: %s", what, failure.getMessage());
                            return Uni.createFrom().voidItem();
                        }))
                .collect().last().replaceWithVoid();
    }

    private static Pool createPool(Vertx vertx, PlatformConfig.Shard shard) {
        PgConnectOptions connect = PgConnectOptions.fromUri(shard.url())
                .setUser(shard.username())
                .setPassword(shard.password())
                .setCachePreparedStatements(true);
        PoolOptions pool = new PoolOptions().setMaxSize(shard.maxPoolSize());
        io.vertx.sqlclient.Pool delegate = PgBuilder.pool()
                .with(pool)
                .connectingTo(connect)
                .using(vertx.getDelegate())
                .build();
        return Pool.newInstance(delegate);
    }
}
