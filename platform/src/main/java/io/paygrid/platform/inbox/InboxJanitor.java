package io.paygrid.platform.inbox;

import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forgets applied event ids once no broker can redeliver them: the retention must stay longer than
 * the topics' own retention, or a redelivered event would be applied a second time.
 */
@ApplicationScoped
public class InboxJanitor {

    private final ShardRouter router;
    private final PlatformConfig config;

    InboxJanitor(ShardRouter router, PlatformConfig config) {
        this.router = router;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        double seconds = config.inbox().retention().toSeconds();
        return router.onEveryDatabase("Purging old inbox ids", db -> db
                .preparedQuery("DELETE FROM inbox WHERE applied_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of(seconds)));
    }
}
