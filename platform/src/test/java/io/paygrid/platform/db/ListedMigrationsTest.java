package io.paygrid.platform.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListedMigrationsTest {

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void shouldServeTheListedMigrationsToFlyway() {
        ListedMigrations migrations = ListedMigrations.in("listed/complete", loader);
        assertThat(migrations.getResources("V", new String[]{".sql"}))
                .extracting(r -> r.getFilename()).containsExactly("V1__a.sql");
        assertThat(migrations.getResource("V1__a.sql")).isNotNull();
    }

    @Test
    void shouldFailLoudlyOnAMigrationMissingFromTheIndex() {
        assertThatThrownBy(() -> ListedMigrations.in("listed/incomplete", loader))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V2__forgotten.sql");
    }

    @Test
    void shouldTreatAFolderWithoutIndexAsEmpty() {
        assertThat(ListedMigrations.in("listed/none", loader).isEmpty()).isTrue();
    }

    @Test
    void shouldListThePlatformsOwnMigrations() {
        assertThat(ListedMigrations.in(SchemaMigrator.PLATFORM, loader).isEmpty()).isFalse();
    }
}
