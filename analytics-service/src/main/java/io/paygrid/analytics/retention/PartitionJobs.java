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
        return shard.pool().preparedQuery("SELECT ensure_metric_partitions(0, $1) AS created").execute(Tuple.of(config.partitionsAhead()))
                .flatMap(created -> shard.pool().preparedQuery("SELECT drop_metric_partitions($1) AS dropped").execute(Tuple.of(cutoff))
                        .map(dropped -> {
                            int made = created.iterator().next().getInteger("created");
                            int gone = dropped.iterator().next().getInteger("dropped");
                            if (made > 0 || gone > 0) {
                                Log.infof("Shard %d: %d metric partition(s) made, %d past the retention dropped", shard.index(), made, gone);
                            }
                            return gone;
                        }))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Metric partition upkeep failed on shard %d, will retry: %s", shard.index(), failure.getMessage());
                    return 0;
                });
    }
}
