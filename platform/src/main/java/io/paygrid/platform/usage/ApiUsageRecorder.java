package io.paygrid.platform.usage;

import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.outbox.Outbox;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts API use in memory and reports it every few seconds through the outbox on {@code api-key.usage.v1}, so a
 * request never writes to a database for it:
 * <ul>
 *   <li>{@code api_key.used}, one per key used: how often and when last (merchant-service keeps it on the key);</li>
 *   <li>{@code api.requests.reported}, one per merchant and mode: how many of its key's requests this service answered,
 *       how many with a 4xx and a 5xx, and how long they took (analytics-service counts them).</li>
 * </ul>
 * A stop reports what is left; what is counted since the last report is lost only if the process dies (these are
 * usage figures, not money).
 */
@ApplicationScoped
public class ApiUsageRecorder {

    private final Map<String, KeyUse> keys = new ConcurrentHashMap<>();
    private final Map<Account, Answered> requests = new ConcurrentHashMap<>();
    private final Pool mainPool;
    private final PlatformConfig config;

    ApiUsageRecorder(Pool mainPool, PlatformConfig config) {
        this.mainPool = mainPool;
        this.config = config;
    }

    /** A request authenticated with this key. */
    public void keyUsed(String keyId, String merchantId) {
        keys.compute(keyId, (id, use) -> (use == null ? new KeyUse(merchantId) : use).add(1, Instant.now()));
    }

    /** A request of this merchant's key answered with {@code status} after {@code nanos}. */
    public void requestAnswered(String merchantId, String mode, int status, long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        requests.compute(new Account(merchantId, mode), (account, answered) ->
                (answered == null ? new Answered(Instant.now()) : answered).add(status, micros));
    }

    @Scheduled(every = "${paygrid.auth.usage-report-interval:10s}", delayed = "5s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> report() {
        // Taken out whole (compute and remove are atomic per key), so a request counted meanwhile goes to the next report.
        Map<String, KeyUse> keyBatch = new HashMap<>();
        keys.keySet().forEach(id -> keyBatch.put(id, keys.remove(id)));
        Map<Account, Answered> requestBatch = new HashMap<>();
        requests.keySet().forEach(account -> requestBatch.put(account, requests.remove(account)));
        keyBatch.values().removeIf(Objects::isNull);
        requestBatch.values().removeIf(Objects::isNull);
        if (keyBatch.isEmpty() && requestBatch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CloudEvent> events = new ArrayList<>();
        String source = "/" + config.serviceName();
        keyBatch.forEach((keyId, use) -> events.add(CloudEvent.of(MerchantEvents.API_KEY_USED, source, use.merchantId, keyId,
                EventJson.toTree(new MerchantEvents.ApiKeyUsageData(keyId, use.merchantId, use.count, use.lastUsed,
                        config.serviceName())))));
        requestBatch.forEach((account, answered) -> events.add(CloudEvent.of(MerchantEvents.API_REQUESTS_REPORTED, source,
                account.merchantId(), account.merchantId(), EventJson.toTree(answered.data(account, config.serviceName())))));
        return mainPool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (CloudEvent event : events) {
                chain = chain.chain(() -> Outbox.append(tx, Topics.API_KEY_USAGE, event));
            }
            return chain;
        }).onFailure().recoverWithUni(failure -> {
            // Counted again in the next report. A commit whose answer was lost can so count a batch twice: these are
            // usage figures, where that is accepted rather than paid for with a write per request.
            Log.warnf("API usage not reported, will retry: %s", failure.getMessage());
            keyBatch.forEach((keyId, use) -> keys.merge(keyId, use, KeyUse::plus));
            requestBatch.forEach((account, answered) -> requests.merge(account, answered, Answered::plus));
            return Uni.createFrom().voidItem();
        });
    }

    /** A stop (a rolling deploy) reports what was counted since the last report, before the pools close. */
    void flush(@Observes @Priority(3) ShutdownEvent stop) {
        try {
            report().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException notWritten) {
            Log.warnf("API usage since the last report not written at shutdown: %s", notWritten.getMessage());
        }
    }

    private record Account(String merchantId, String mode) {
    }

    /** One key's use since the last report; changed only inside {@code Map.compute}. */
    private static final class KeyUse {
        private final String merchantId;
        private long count;
        private Instant lastUsed;

        private KeyUse(String merchantId) {
            this.merchantId = merchantId;
        }

        private KeyUse add(long more, Instant at) {
            count += more;
            lastUsed = lastUsed == null || at.isAfter(lastUsed) ? at : lastUsed;
            return this;
        }

        private KeyUse plus(KeyUse other) {
            return add(other.count, other.lastUsed);
        }
    }

    /** One merchant's answered requests in one mode since the last report; changed only inside {@code Map.compute}. */
    private static final class Answered {
        private Instant since;
        private final Durations all = new Durations();
        private final Durations clientErrors = new Durations();
        private final Durations serverErrors = new Durations();

        private Answered(Instant since) {
            this.since = since;
        }

        private Answered add(int status, long micros) {
            all.add(1, micros, micros, micros);
            if (status >= 500) {
                serverErrors.add(1, micros, micros, micros);
            } else if (status >= 400) {
                clientErrors.add(1, micros, micros, micros);
            }
            return this;
        }

        private Answered plus(Answered other) {
            since = other.since.isBefore(since) ? other.since : since;
            all.add(other.all);
            clientErrors.add(other.clientErrors);
            serverErrors.add(other.serverErrors);
            return this;
        }

        private MerchantEvents.ApiRequestsData data(Account account, String service) {
            return new MerchantEvents.ApiRequestsData(account.merchantId(), "live".equals(account.mode()), service, since,
                    all.stats(), clientErrors.stats(), serverErrors.stats());
        }
    }

    /** Count, total, shortest and longest, in microseconds. */
    private static final class Durations {
        private long count;
        private long sum;
        private long min = Long.MAX_VALUE;
        private long max;

        private void add(long more, long total, long shortest, long longest) {
            count += more;
            sum += total;
            min = Math.min(min, shortest);
            max = Math.max(max, longest);
        }

        private void add(Durations other) {
            if (other.count > 0) {
                add(other.count, other.sum, other.min, other.max);
            }
        }

        private MerchantEvents.RequestStats stats() {
            return count == 0 ? new MerchantEvents.RequestStats(0, BigDecimal.ZERO, null, null)
                    : new MerchantEvents.RequestStats(count, millis(sum), millis(min), millis(max));
        }

        private static BigDecimal millis(long micros) {
            return BigDecimal.valueOf(micros, 3);
        }
    }
}
