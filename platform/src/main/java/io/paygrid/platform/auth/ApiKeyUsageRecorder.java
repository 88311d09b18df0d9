package io.paygrid.platform.auth;

import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.outbox.Outbox;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts API key use in memory and reports it every few seconds as one {@code api_key.used} event per
 * key through the outbox, so authentication never writes to a database.
 */
@ApplicationScoped
public class ApiKeyUsageRecorder {

    private final Map<String, Usage> usageByKey = new ConcurrentHashMap<>();
    private final Pool mainPool;
    private final PlatformConfig config;

    ApiKeyUsageRecorder(Pool mainPool, PlatformConfig config) {
        this.mainPool = mainPool;
        this.config = config;
    }

    void record(String keyId, String merchantId) {
        Usage usage = usageByKey.computeIfAbsent(keyId, id -> new Usage(merchantId));
        usage.count.incrementAndGet();
        usage.lastUsed.set(Instant.now());
    }

    @Scheduled(every = "${paygrid.auth.usage-report-interval:10s}", delayed = "5s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> report() {
        List<MerchantEvents.ApiKeyUsageData> batch = new ArrayList<>();
        usageByKey.forEach((keyId, usage) -> {
            long count = usage.count.getAndSet(0);
            if (count > 0) {
                batch.add(new MerchantEvents.ApiKeyUsageData(keyId, usage.merchantId, count, usage.lastUsed.get(),
                        config.serviceName()));
            }
        });
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return mainPool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (MerchantEvents.ApiKeyUsageData data : batch) {
                CloudEvent event = CloudEvent.of(MerchantEvents.API_KEY_USED, "/" + config.serviceName(), data.merchantId(),
                        data.keyId(), EventJson.toTree(data));
                chain = chain.chain(() -> Outbox.append(tx, Topics.API_KEY_USAGE, event));
            }
            return chain;
        }).onFailure().recoverWithUni(failure -> {
            Log.warnf("API key usage not reported, will retry: %s", failure.getMessage());
            batch.forEach(data -> usageByKey.get(data.keyId()).count.addAndGet(data.count()));
            return Uni.createFrom().voidItem();
        });
    }

    private static final class Usage {
        private final String merchantId;
        private final AtomicLong count = new AtomicLong();
        private final AtomicReference<Instant> lastUsed = new AtomicReference<>();

        private Usage(String merchantId) {
            this.merchantId = merchantId;
        }
    }
}
