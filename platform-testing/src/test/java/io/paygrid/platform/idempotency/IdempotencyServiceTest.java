package io.paygrid.platform.idempotency;

import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.platform.support.ShardTestRows;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class IdempotencyServiceTest {

    private static final String OPERATION = "POST /v1/things";

    @Inject
    IdempotencyService idempotency;

    @Inject
    ShardRouter router;

    @Test
    void shouldProduceOneEffectForConcurrentIdenticalRequests() throws Exception {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        String body = "{\"amount\": \"10.00\", \"currency\": \"USD\"}";
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<CompletableFuture<Object>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                outcomes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return idempotency.execute(merchant, "order-42", OPERATION, body, slowInsert(merchant))
                                .await().atMost(Duration.ofSeconds(30));
                    } catch (DomainException e) {
                        return e.errorCode();
                    }
                }, pool));
            }
            CompletableFuture.allOf(outcomes.toArray(new CompletableFuture[0])).get();
        } finally {
            pool.shutdown();
        }

        assertThat(effects(merchant)).isEqualTo(1);
        List<Object> results = outcomes.stream().map(CompletableFuture::join).toList();
        assertThat(results).filteredOn(r -> r instanceof IdempotentResponse response && !response.replayed()).hasSize(1);
        assertThat(results).allSatisfy(r -> assertThat(r).satisfiesAnyOf(
                x -> assertThat(x).isEqualTo(CommonError.IDEMPOTENCY_IN_PROGRESS),
                x -> assertThat(x).isInstanceOfSatisfying(IdempotentResponse.class, resp -> assertThat(resp.status()).isEqualTo(201))));

        IdempotentResponse replay = idempotency.execute(merchant, "order-42", OPERATION,
                "{\"currency\":\"USD\",\"amount\":\"10.00\"}", slowInsert(merchant)).await().indefinitely();
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).contains(merchant);
        assertThat(effects(merchant)).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBody() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        idempotency.execute(merchant, "k1", OPERATION, "{\"amount\":\"1.00\"}", slowInsert(merchant)).await().indefinitely();
        assertThatThrownBy(() -> idempotency.execute(merchant, "k1", OPERATION, "{\"amount\":\"2.00\"}", slowInsert(merchant))
                .await().indefinitely())
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(CommonError.IDEMPOTENCY_KEY_REUSED));
        assertThat(effects(merchant)).isEqualTo(1);
    }

    @Test
    void shouldScopeKeysToTheMerchant() {
        String first = Ids.newId(IdPrefix.MERCHANT);
        String second = Ids.newId(IdPrefix.MERCHANT);
        IdempotentResponse a = idempotency.execute(first, "same", OPERATION, "{}", slowInsert(first)).await().indefinitely();
        IdempotentResponse b = idempotency.execute(second, "same", OPERATION, "{}", slowInsert(second)).await().indefinitely();
        assertThat(a.replayed()).isFalse();
        assertThat(b.replayed()).isFalse();
        assertThat(effects(first)).isEqualTo(1);
        assertThat(effects(second)).isEqualTo(1);
    }

    @Test
    void shouldReleaseTheKeyWhenTheWorkCrashesSoARetryCanSucceed() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        Function<SqlConnection, Uni<IdempotentResponse>> failsAfterWriting = tx -> slowInsert(merchant).apply(tx)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("connection lost")));
        assertThatThrownBy(() -> idempotency.execute(merchant, "retry-me", OPERATION, "{}", failsAfterWriting)
                .await().indefinitely()).isInstanceOf(IllegalStateException.class);
        assertThat(effects(merchant)).isZero();

        IdempotentResponse retried = idempotency.execute(merchant, "retry-me", OPERATION, "{}", slowInsert(merchant))
                .await().indefinitely();
        assertThat(retried.replayed()).isFalse();
        assertThat(effects(merchant)).isEqualTo(1);
    }

    @Test
    void shouldReplayADeliberateRefusalInsteadOfRunningAgain() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        Function<SqlConnection, Uni<IdempotentResponse>> refuses = tx -> slowInsert(merchant).apply(tx)
                .chain(() -> Uni.createFrom().failure(new DomainException(CommonError.CURRENCY_MISMATCH, "USD vs EUR")));
        assertThatThrownBy(() -> idempotency.execute(merchant, "refused", OPERATION, "{}", refuses).await().indefinitely())
                .isInstanceOf(DomainException.class);
        assertThat(effects(merchant)).isZero();

        IdempotentResponse replay = idempotency.execute(merchant, "refused", OPERATION, "{}", slowInsert(merchant))
                .await().indefinitely();
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.status()).isEqualTo(422);
        assertThat(replay.body()).contains("\"code\":\"currency_mismatch\"").contains("USD vs EUR");
        assertThat(replay.toResponse().getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(effects(merchant)).isZero();
    }

    @Test
    void shouldRejectMalformedKeys() {
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        for (String key : List.of("", "x".repeat(256), "has space", "tab\tkey", "ünïcode")) {
            assertThatThrownBy(() -> idempotency.execute(merchant, key, OPERATION, "{}", slowInsert(merchant)).await().indefinitely())
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(CommonError.IDEMPOTENCY_KEY_INVALID));
        }
        assertThat(effects(merchant)).isZero();
    }

    private static Function<SqlConnection, Uni<IdempotentResponse>> slowInsert(String merchant) {
        return tx -> tx.preparedQuery("INSERT INTO test_items (id, merchant_id) VALUES ($1, $2)")
                .execute(Tuple.of(Ids.newId(IdPrefix.INVOICE), merchant))
                .chain(() -> tx.query("SELECT pg_sleep(0.3)").execute())
                .map(ignored -> new IdempotentResponse(201, "{\"merchant\":\"" + merchant + "\"}", false));
    }

    private long effects(String merchant) {
        return ShardTestRows.count(router.poolFor(merchant), "SELECT count(*) FROM test_items WHERE merchant_id = $1", merchant);
    }
}
