package io.paygrid.platform.id;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void shouldPrefixAndValidateIds() {
        String id = Ids.newId(IdPrefix.INVOICE);
        assertThat(id).startsWith("inv_").hasSize(30);
        assertThat(Ids.isValid(IdPrefix.INVOICE, id)).isTrue();
        assertThat(Ids.isValid(IdPrefix.PAYMENT, id)).isFalse();
        assertThat(Ids.isValid(IdPrefix.INVOICE, "inv_" + "u".repeat(26))).isFalse();
        assertThat(Ids.isValid(IdPrefix.INVOICE, "inv_../../etc/passwd")).isFalse();
        assertThat(Ids.isValid(IdPrefix.INVOICE, null)).isFalse();
    }

    @Test
    void shouldBeUuidV7Underneath() {
        String id = Ids.newId(IdPrefix.REFUND);
        UUID uuid = Ids.toUuid(IdPrefix.REFUND, id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(Ids.fromUuid(IdPrefix.REFUND, uuid)).isEqualTo(id);
        assertThat(Duration.between(Ids.createdAt(IdPrefix.REFUND, id), Instant.now()).abs())
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldSortByCreationAsStringsAndAsUuids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(Ids.newId(IdPrefix.EVENT));
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(String::compareTo);
        assertThat(sorted).isEqualTo(ids);
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        for (int i = 1; i < ids.size(); i++) {
            UUID previous = Ids.toUuid(IdPrefix.EVENT, ids.get(i - 1));
            UUID current = Ids.toUuid(IdPrefix.EVENT, ids.get(i));
            assertThat(Long.compareUnsigned(previous.getMostSignificantBits(), current.getMostSignificantBits()))
                    .isLessThan(0);
        }
    }
}
