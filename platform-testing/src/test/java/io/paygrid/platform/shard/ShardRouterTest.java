package io.paygrid.platform.shard;

import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.support.ShardTestRows;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class ShardRouterTest {

    @Inject
    ShardRouter router;

    @Test
    void shouldPutEachMerchantsRowsOnTheShardTheHashPicks() {
        assertThat(router.shardCount()).isEqualTo(2);
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            String merchant = Ids.newId(IdPrefix.MERCHANT);
            String item = "item-" + merchant;
            router.inTransaction(merchant, tx -> tx
                            .preparedQuery("INSERT INTO test_items (id, merchant_id) VALUES ($1, $2)")
                            .execute(Tuple.of(item, merchant)))
                    .await().indefinitely();

            int expected = JumpHash.bucket(merchant, 2);
            used.add(expected);
            assertThat(router.shardIndexOf(merchant)).isEqualTo(expected);
            for (ShardDatabase shard : router.shards()) {
                long found = ShardTestRows.count(shard.pool(), "SELECT count(*) FROM test_items WHERE id = $1", item);
                assertThat(found).as("rows of %s on %s", merchant, shard.name()).isEqualTo(shard.index() == expected ? 1 : 0);
            }
        }
        assertThat(used).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void shouldKeepShardsSeparateFromTheMainDatabase() {
        assertThat(router.allDatabases()).hasSize(3);
        assertThat(ShardTestRows.count(router.main(),
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'test_items'")).isZero();
        for (ShardDatabase shard : router.shards()) {
            assertThat(ShardTestRows.count(shard.pool(),
                    "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('test_items', 'outbox', 'inbox')"))
                    .isEqualTo(3);
        }
    }
}
