package io.paygrid.platform.shard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JumpHashTest {

    @Test
    void shouldPickTheSameBucketEveryTime() {
        // Pinned values: a change here would move every merchant's data to another shard.
        // Values computed independently from the paper's reference algorithm.
        assertThat(JumpHash.jump(0L, 1)).isZero();
        assertThat(JumpHash.jump(1L, 10)).isEqualTo(6);
        assertThat(JumpHash.jump(0xDEADBEEFL, 16)).isEqualTo(5);
        assertThat(JumpHash.jump(123456789L, 1000)).isEqualTo(294);
        assertThat(JumpHash.bucket("mer_a", 2)).isZero();
        assertThat(JumpHash.bucket("mer_d", 2)).isEqualTo(1);
        assertThat(JumpHash.bucket("mer_d", 7)).isEqualTo(2);
        assertThat(JumpHash.bucket("mer_e", 7)).isEqualTo(6);
    }

    @Test
    void shouldSpreadMerchantsEvenlyAndMoveFewWhenAShardIsAdded() {
        int keys = 20_000;
        int[] counts = new int[4];
        int moved = 0;
        for (int i = 0; i < keys; i++) {
            String merchant = "mer_" + i;
            int before = JumpHash.bucket(merchant, 4);
            counts[before]++;
            if (JumpHash.bucket(merchant, 5) != before) {
                moved++;
            }
        }
        for (int count : counts) {
            assertThat(count).isBetween(keys / 4 - 600, keys / 4 + 600);
        }
        assertThat(moved).isBetween(keys / 5 - 600, keys / 5 + 600);
    }

    @Test
    void shouldRefuseZeroBuckets() {
        assertThatThrownBy(() -> JumpHash.bucket("mer_x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
