package io.paygrid.payment.payment;

import io.paygrid.payment.config.PaymentConfig;
import io.paygrid.payment.refund.RefundService;
import io.paygrid.platform.shard.ShardDatabase;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Works the simulated processor's queue on every shard: one job per transaction, up to a batch per pass. Any
 * replica may run it; {@code SKIP LOCKED} keeps two from taking the same job.
 */
@ApplicationScoped
public class PaymentWorker {

    static final int MAX_ATTEMPTS = 10;
    static final String PROCESSING_ERROR = "processing_error";

    private final ShardRouter router;
    private final JobQueue jobs;
    private final PaymentService payments;
    private final RefundService refunds;
    private final PaymentConfig config;

    PaymentWorker(ShardRouter router, JobQueue jobs, PaymentService payments, RefundService refunds, PaymentConfig config) {
        this.router = router;
        this.jobs = jobs;
        this.payments = payments;
        this.refunds = refunds;
        this.config = config;
    }

    @Scheduled(every = "${paygrid.payments.worker.poll-interval}", delayed = "1s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> work() {
        return Multi.createFrom().iterable(router.shards())
                .onItem().transformToUniAndConcatenate(this::drain)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> drain(ShardDatabase shard) {
        return drain(shard, config.worker().batchSize())
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Payment worker pass failed on shard %d, will retry: %s", shard.index(), failure.getMessage());
                    return null;
                });
    }

    private Uni<Void> drain(ShardDatabase shard, int remaining) {
        return runOne(shard).flatMap(ran -> ran && remaining > 1 ? drain(shard, remaining - 1) : Uni.createFrom().voidItem());
    }

    /** Runs the next due job; emits false when there was none. A failed job is postponed, not lost. */
    private Uni<Boolean> runOne(ShardDatabase shard) {
        AtomicReference<JobQueue.Job> taken = new AtomicReference<>();
        return shard.pool().withTransaction(tx -> jobs.take(tx).flatMap(next -> {
            if (next.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            JobQueue.Job job = next.get();
            taken.set(job);
            Uni<Void> effect = JobQueue.PAYMENT.equals(job.kind())
                    ? payments.settleTestPayment(tx, job.merchantId(), job.targetId(), job.outcome())
                    : refunds.settleTestRefund(tx, job.merchantId(), job.targetId());
            return effect.call(() -> jobs.done(tx, job)).replaceWith(true);
        })).onFailure(failure -> taken.get() != null).recoverWithUni(failure -> {
            JobQueue.Job job = taken.get();
            if (job.attempts() + 1 >= MAX_ATTEMPTS) {
                Log.errorf("Job %s for %s failed %d times, giving up: %s", job.kind(), job.targetId(), MAX_ATTEMPTS, failure.getMessage());
                return giveUp(shard, job).replaceWith(true);
            }
            Log.warnf("Job %s for %s failed (attempt %d), postponed: %s", job.kind(), job.targetId(), job.attempts() + 1,
                    failure.getMessage());
            return jobs.postpone(shard.pool(), job, failure.getMessage()).replaceWith(true);
        });
    }

    /**
     * A job that keeps failing ends as a failed payment or refund (its events written, the job deleted) rather than
     * staying pending for ever and blocking the invoice. If even that fails, the job stays and is tried again.
     */
    private Uni<Void> giveUp(ShardDatabase shard, JobQueue.Job job) {
        return shard.pool().withTransaction(tx -> {
            Uni<Void> failed = JobQueue.PAYMENT.equals(job.kind())
                    ? payments.settleTestPayment(tx, job.merchantId(), job.targetId(), PROCESSING_ERROR)
                    : refunds.failTestRefund(tx, job.merchantId(), job.targetId(), PROCESSING_ERROR);
            return failed.call(() -> jobs.done(tx, job));
        }).onFailure().recoverWithUni(failure -> jobs.postpone(shard.pool(), job, failure.getMessage()));
    }
}
