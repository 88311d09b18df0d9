package io.paygrid.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.error.Problem;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Merchant-scoped {@code Idempotency-Key} handling for creating POSTs. The key is claimed in a short
 * transaction of its own (so a concurrent retry sees it at once and gets 409), the work then runs in
 * one transaction that also stores the response; if the claim was lost meanwhile that transaction
 * rolls back, so one key yields at most one effect, and a crash leaves either both or neither.
 */
@ApplicationScoped
public class IdempotencyService {

    public static final String HEADER = "Idempotency-Key";

    private static final ObjectMapper PROBLEM_JSON = new ObjectMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private static final String CLAIM = """
            INSERT INTO idempotency_keys AS k (merchant_id, idempotency_key, fingerprint, state, lock_token, locked_until, expires_at)
            VALUES ($1, $2, $3, 'in_progress', $4, now() + make_interval(secs => $5), now() + make_interval(secs => $6))
            ON CONFLICT (merchant_id, idempotency_key) DO UPDATE
               SET fingerprint = EXCLUDED.fingerprint, state = 'in_progress', lock_token = EXCLUDED.lock_token,
                   locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = now(),
                   response_status = NULL, response_body = NULL
             WHERE k.expires_at < now()
                OR (k.state = 'in_progress' AND k.locked_until < now() AND k.fingerprint = EXCLUDED.fingerprint)
            RETURNING lock_token""";
    private static final String FIND = "SELECT fingerprint, state, response_status, response_body FROM idempotency_keys "
            + "WHERE merchant_id = $1 AND idempotency_key = $2";
    private static final String COMPLETE = "UPDATE idempotency_keys SET state = 'completed', response_status = $4, "
            + "response_body = $5, lock_token = NULL, locked_until = NULL "
            + "WHERE merchant_id = $1 AND idempotency_key = $2 AND lock_token = $3";
    private static final String COMPLETE_NATIVE = "UPDATE idempotency_keys SET state = 'completed', response_status = ?4, "
            + "response_body = ?5, lock_token = NULL, locked_until = NULL "
            + "WHERE merchant_id = ?1 AND idempotency_key = ?2 AND lock_token = ?3";
    private static final String RELEASE = "DELETE FROM idempotency_keys WHERE merchant_id = $1 AND idempotency_key = $2 "
            + "AND lock_token = $3";

    private final ShardRouter router;
    private final PlatformConfig config;
    private final ObjectMapper apiJson;

    IdempotencyService(ShardRouter router, PlatformConfig config, ObjectMapper apiJson) {
        this.router = router;
        this.config = config;
        this.apiJson = apiJson;
    }

    /** A request or response object as the API writes it (snake_case), for fingerprints and stored responses. */
    public String toJson(Object value) {
        try {
            return apiJson.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code work} in a transaction on the merchant's shard, at most once per key and request.
     * Without a key the work simply runs. {@code requestBody} is the request body (any JSON spacing or
     * key order), {@code operation} e.g. {@code "POST /v1/invoices"}.
     */
    public Uni<IdempotentResponse> execute(String merchantId, String key, String operation, String requestBody,
                                           Function<SqlConnection, Uni<IdempotentResponse>> work) {
        Pool pool = router.poolFor(merchantId);
        if (key == null) {
            return pool.withTransaction(work);
        }
        return claimThen(pool, merchantId, key, operation, requestBody, token -> pool.withTransaction(tx -> work.apply(tx)
                .flatMap(response -> tx.preparedQuery(COMPLETE).execute(completion(merchantId, key, token, response))
                        .map(updated -> confirmed(updated.rowCount(), response)))));
    }

    /**
     * Like {@link #execute(String, String, String, String, Function)}, with a step that runs first, outside the
     * transaction, once the key is claimed: a call to another service whose answer the work then writes (an
     * address lease). A retry with the same key never repeats it while the first request runs or after it ended.
     */
    public <P> Uni<IdempotentResponse> execute(String merchantId, String key, String operation, String requestBody,
                                               Supplier<Uni<P>> prepare,
                                               java.util.function.BiFunction<SqlConnection, P, Uni<IdempotentResponse>> work) {
        Pool pool = router.poolFor(merchantId);
        if (key == null) {
            return prepare.get().flatMap(prepared -> pool.withTransaction(tx -> work.apply(tx, prepared)));
        }
        return claimThen(pool, merchantId, key, operation, requestBody, token -> prepare.get()
                .flatMap(prepared -> pool.withTransaction(tx -> work.apply(tx, prepared)
                        .flatMap(response -> tx.preparedQuery(COMPLETE).execute(completion(merchantId, key, token, response))
                                .map(updated -> confirmed(updated.rowCount(), response))))));
    }

    /**
     * The same for a service whose merchant data are global tables written with Panache: the key lives
     * in the main database and is completed in the work's own Hibernate Reactive transaction.
     */
    public Uni<IdempotentResponse> executeWithPanache(String merchantId, String key, String operation, String requestBody,
                                                      Supplier<Uni<IdempotentResponse>> work) {
        if (key == null) {
            return Panache.withTransaction(work);
        }
        return claimThen(router.main(), merchantId, key, operation, requestBody, token -> Panache.withTransaction(() -> work.get()
                .flatMap(response -> Panache.getSession().chain(session -> session.createNativeQuery(COMPLETE_NATIVE)
                                .setParameter(1, merchantId)
                                .setParameter(2, key)
                                .setParameter(3, token)
                                .setParameter(4, response.status())
                                .setParameter(5, response.replayBody())
                                .executeUpdate())
                        .map(updated -> confirmed(updated, response)))));
    }

    private Uni<IdempotentResponse> claimThen(Pool pool, String merchantId, String key, String operation, String requestBody,
                                              Function<UUID, Uni<IdempotentResponse>> workThatCompletes) {
        validateKey(key);
        String fingerprint = fingerprint(operation, requestBody);
        UUID token = UUID.randomUUID();
        // Lease and expiry come from the database clock, the one the takeover condition compares with.
        Tuple claim = Tuple.of(merchantId, key, fingerprint, token)
                .addValue((double) config.idempotency().lockTimeout().toSeconds())
                .addValue((double) config.idempotency().retention().toSeconds());
        return pool.preparedQuery(CLAIM).execute(claim).flatMap(claimed -> claimed.rowCount() == 1
                ? workThatCompletes.apply(token).onFailure().call(failure -> settleFailure(pool, merchantId, key, token, failure))
                : answerExisting(pool, merchantId, key, fingerprint));
    }

    private static Tuple completion(String merchantId, String key, UUID token, IdempotentResponse response) {
        return Tuple.of(merchantId, key, token, response.status(), response.replayBody());
    }

    /** The claim was lost (another request took the key over after the lease ran out): roll this one back. */
    private static IdempotentResponse confirmed(int updated, IdempotentResponse response) {
        if (updated != 1) {
            throw new DomainException(CommonError.IDEMPOTENCY_IN_PROGRESS,
                    "Another request took over this Idempotency-Key; this one was rolled back.");
        }
        return response;
    }

    /**
     * A deliberate refusal (a 4xx domain error) is the request's answer and is kept for replay, like a
     * success; anything else (a crash, a lost connection) releases the key so that a retry runs afresh.
     */
    private Uni<Void> settleFailure(Pool pool, String merchantId, String key, UUID token, Throwable failure) {
        Uni<?> settled;
        if (failure instanceof DomainException refusal && !refusal.errorCode().retryable()) {
            Problem problem = Problem.of(refusal.errorCode(), refusal.getMessage(), refusal.fieldErrors());
            settled = pool.preparedQuery(COMPLETE).execute(Tuple.of(merchantId, key, token, problem.status(), writeProblem(problem)));
        } else {
            settled = pool.preparedQuery(RELEASE).execute(Tuple.of(merchantId, key, token));
        }
        return settled.replaceWithVoid().onFailure().recoverWithNull();
    }

    private static String writeProblem(Problem problem) {
        try {
            return PROBLEM_JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Uni<IdempotentResponse> answerExisting(Pool pool, String merchantId, String key, String fingerprint) {
        return pool.preparedQuery(FIND).execute(Tuple.of(merchantId, key)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw new DomainException(CommonError.IDEMPOTENCY_IN_PROGRESS,
                        "A request with this Idempotency-Key just finished or was released; retry it.");
            }
            Row row = rows.iterator().next();
            if (!row.getString("fingerprint").equals(fingerprint)) {
                throw new DomainException(CommonError.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was already used with a different request.");
            }
            if ("in_progress".equals(row.getString("state"))) {
                throw new DomainException(CommonError.IDEMPOTENCY_IN_PROGRESS,
                        "A request with this Idempotency-Key is still being processed.");
            }
            return new IdempotentResponse(row.getInteger("response_status"), row.getString("response_body"), true);
        });
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return router.onEveryDatabase("Purging expired idempotency keys", db -> db
                .query("DELETE FROM idempotency_keys WHERE expires_at < now() AND state = 'completed'").execute());
    }

    static void validateKey(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new DomainException(CommonError.IDEMPOTENCY_KEY_INVALID,
                    "Idempotency-Key must be 1 to 255 visible ASCII characters.").onField(HEADER);
        }
    }

    /** SHA-256 of the operation and the body, with JSON bodies compared by content rather than spacing or key order. */
    static String fingerprint(String operation, String requestBody) {
        String body = requestBody == null ? "" : requestBody;
        try {
            Object tree = CANONICAL.readValue(body, Object.class);
            body = CANONICAL.writeValueAsString(tree);
        } catch (JsonProcessingException notJson) {
            // Not JSON: the raw bytes are the fingerprint.
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(operation.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            return HexFormat.of().formatHex(digest.digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
