package io.paygrid.analytics.retention;

import io.paygrid.analytics.config.AnalyticsConfig;
import io.paygrid.platform.shard.ShardDatabase;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** Keeps raw metric points' daily partitions: made a week ahead, dropped once past the retention. Rollups stay. */
@ApplicationScoped
public class PartitionJobs {

    private final ShardRouter router;
    private final AnalyticsConfig config;

    PartitionJobs(ShardRouter router, AnalyticsConfig config) {
        this.router = router;
        this.config = config;
    }

    void atStart(@Observes StartupEvent start) {
        maintain().await().indefinitely();
    }

    @Scheduled(every = "6h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> maintain() {
        LocalDate cutoff = LocalDate.now(ZoneOffset.UTC).minusDays(config.retention().toDays());
        return Multi.createFrom().iterable(router.shards())
                .onItem().transformToUniAndConcatenate(shard -> maintain(shard, cutoff))
                .collect().last().replaceWithVoid();
    }

    /** Makes the coming partitions and drops those wholly before {@code cutoff} on one shard; emits how many it dropped. */
    public Uni<Integer> maintain(ShardDatabase shard, LocalDate cutoff) {
        // Making and dropping are separate, so a failure of one never stops the other.
        Uni<Integer> made = shard.pool().preparedQuery("SELECT ensure_metric_partitions(0, $1) AS created")
                .execute(Tuple.of(config.partitionsAhead())).map(rows -> rows.iterator().next().getInteger("created"))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Making metric partitions failed on shard %d, will retry: %s", shard.index(), failure.getMessage());
                    return 0;
                });
        return made.flatMap(created -> shard.pool().preparedQuery("SELECT drop_metric_partitions($1) AS dropped").execute(Tuple.of(cutoff))
                .map(rows -> {
                    int gone = rows.iterator().next().getInteger("dropped");
                    if (created > 0 || gone > 0) {
                        Log.infof("Shard %d: %d metric partition(s) made, %d past the retention dropped", shard.index(), created, gone);
                    }
                    return gone;
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Dropping metric partitions failed on shard %d, will retry: %s", shard.index(), failure.getMessage());
                    return 0;
                }));
    }
}
