package io.paygrid.platform.db;

import io.quarkus.logging.Log;
import org.flywaydb.core.Flyway;

/**
 * Applies one folder of listed migrations to one database with its own history table, so the
 * platform's tables, a service's global tables and its merchant tables evolve independently even
 * when one database holds several of them.
 */
public final class SchemaMigrator {

    /** The platform's own tables (outbox, inbox, idempotency, API key replica): in every database. */
    public static final String PLATFORM = "db/platform";
    /** A service's merchant-owned tables: in every shard. */
    public static final String SHARD = "db/shard";

    private SchemaMigrator() {
    }

    public static void migrate(String jdbcUrl, String username, String password, String folder, ClassLoader loader) {
        ListedMigrations migrations = ListedMigrations.in(folder, loader);
        if (migrations.isEmpty()) {
            return;
        }
        String table = folder.replace("db/", "").replace('/', '_') + "_schema_history";
        var result = Flyway.configure(loader)
                .dataSource(jdbcUrl, username, password)
                .resourceProvider(migrations)
                .table(table)
                // Several migration sets share one database; each starts from version 0 in its own history table.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            Log.infof("Applied %d %s migration(s) to %s, now at version %s",
                    result.migrationsExecuted, folder, redact(jdbcUrl), result.targetSchemaVersion);
        }
    }

    static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
