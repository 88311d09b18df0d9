package io.paygrid.payment.payment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The durable queue of the simulated card/UPI processor, one per shard. A job is written in the transaction
 * that makes its payment or refund, taken with {@code SKIP LOCKED} and deleted in the transaction that does
 * it: a crash before commit leaves it queued, so a restart finishes it.
 */
@ApplicationScoped
public class JobQueue {

    public static final String PAYMENT = "payment";
    public static final String REFUND = "refund";

    private static final String ENQUEUE = "INSERT INTO payment_jobs (kind, target_id, merchant_id, run_at, outcome) "
            + "VALUES ($1, $2, $3, $4, $5)";
    private static final String TAKE = "SELECT id, kind, target_id, merchant_id, outcome, attempts FROM payment_jobs "
            + "WHERE run_at <= now() ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED";
    private static final String DONE = "DELETE FROM payment_jobs WHERE id = $1";
    private static final String POSTPONE = "UPDATE payment_jobs SET attempts = attempts + 1, last_error = $2, "
            + "run_at = now() + make_interval(secs => $3) WHERE id = $1";

    public Uni<Void> enqueue(SqlClient tx, String kind, String targetId, String merchantId, Instant runAt, String outcome) {
        return tx.preparedQuery(ENQUEUE).execute(Tuple.of(kind, targetId, merchantId, runAt.atOffset(ZoneOffset.UTC), outcome))
                .replaceWithVoid();
    }

    /** The next due job of this shard, locked for the caller's transaction. */
    public Uni<Optional<Job>> take(SqlConnection tx) {
        return tx.preparedQuery(TAKE).execute().map(rows -> {
            if (rows.rowCount() == 0) {
                return Optional.empty();
            }
            var row = rows.iterator().next();
            return Optional.of(new Job(row.getLong("id"), row.getString("kind"), row.getString("target_id"),
                    row.getString("merchant_id"), row.getString("outcome"), row.getInteger("attempts")));
        });
    }

    public Uni<Void> done(SqlConnection tx, Job job) {
        return tx.preparedQuery(DONE).execute(Tuple.of(job.id())).replaceWithVoid();
    }

    /** A job that failed waits longer each time (capped at ten minutes) and is kept with its last error. */
    public Uni<Void> postpone(Pool shard, Job job, String error) {
        long seconds = Math.min(600, (long) Math.pow(2, Math.min(job.attempts() + 1, 10)));
        String reason = error == null ? "unknown" : error.substring(0, Math.min(error.length(), 500));
        return shard.preparedQuery(POSTPONE).execute(Tuple.of(job.id(), reason, (double) seconds)).replaceWithVoid();
    }


    public record Job(long id, String kind, String targetId, String merchantId, String outcome, int attempts) {
    }
}
