package io.paygrid.platform.shard;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** Ready only while every merchant shard answers. */
@Readiness
@ApplicationScoped
public class ShardsHealthCheck implements AsyncHealthCheck {

    private final ShardRouter router;

    ShardsHealthCheck(ShardRouter router) {
        this.router = router;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Multi.createFrom().iterable(router.shards())
                .onItem().transformToUniAndConcatenate(shard -> shard.pool().query("SELECT 1").execute()
                        .ifNoItem().after(Duration.ofSeconds(3)).fail()
                        .map(ok -> new Object[]{shard.name(), "UP"})
                        .onFailure().recoverWithItem(failure -> new Object[]{shard.name(), "DOWN"}))
                .collect().asList()
                .map(results -> {
                    HealthCheckResponseBuilder builder = HealthCheckResponse.named("merchant-shards").up();
                    for (Object[] result : results) {
                        builder.withData((String) result[0], (String) result[1]);
                        if ("DOWN".equals(result[1])) {
                            builder.down();
                        }
                    }
                    return builder.build();
                });
    }
}
