package io.paygrid.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The database's share of invoice creation: pgbench runs, on the same PostgreSQL and in the shard database the test
 * merchant's invoices go to, the statements one card-only {@code POST /v1/invoices} with an {@code Idempotency-Key}
 * executes (ApiKeyIdentityProvider, MerchantDefaults, IdempotencyService, InvoiceRepository, InvoiceEventStore,
 * Outbox), with rows copied from a real invoice's. Its numbers against the HTTP ones show what everything above the
 * database costs.
 */
final class BenchPgbench {

    /*
     * Every id pgbench writes contains a 'u', which Crockford base32 (PayGrid's ids) and hex (key hashes) never do,
     * so its rows cannot collide with the service's. Its merchant routes nowhere, so no job of the service acts on them.
     */
    private static final String MERCHANT = "mer_" + "0".repeat(18) + "upgbench";
    private static final String KEY_HASH = "0".repeat(56) + "upgbench";
    private static final String ID_BODY = "lpad(:run::text || 'u' || :client_id::text || 'u' || :n::text, 26, '0')";
    private static final String IDEMPOTENCY_KEY = "'pgbench-' || :run::text || 'u' || :client_id::text || 'u' || :n::text";

    /*
     * The service reads the key and the merchant's settings from payment-service's main database; pgbench connects to
     * one database, so it reads seeded copies in the shard's own (unused) replica tables: the same index lookups.
     * The outbox row is written already published, so the service's relay leaves it alone and sends nothing to Kafka.
     * Expiry is a week ahead so the expiry job never picks up a row of a merchant it cannot route.
     */
    private static final String SCRIPT = """
            \\set n :n + 1
            SELECT k.key_id, k.merchant_id, k.key_hash, k.mode, k.scopes, k.expires_at, k.revoked_at, m.active, m.ip_allowlist FROM api_key_replica k LEFT JOIN merchant_replica m ON m.merchant_id = k.merchant_id WHERE k.key_hash = :keyhash;
            SELECT settings::text AS settings FROM merchant_replica WHERE merchant_id = :merchant;
            INSERT INTO idempotency_keys AS k (merchant_id, idempotency_key, fingerprint, state, lock_token, locked_until, expires_at) VALUES (:merchant, %2$s, :fingerprint, 'in_progress', :token::uuid, now() + make_interval(secs => 30), now() + make_interval(secs => 86400)) ON CONFLICT (merchant_id, idempotency_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, state = 'in_progress', lock_token = EXCLUDED.lock_token, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = now(), response_status = NULL, response_body = NULL WHERE k.expires_at < now() OR (k.state = 'in_progress' AND k.locked_until < now() AND k.fingerprint = EXCLUDED.fingerprint) RETURNING lock_token;
            BEGIN;
            INSERT INTO invoices (id, merchant_id, mode, status, exception, amount, currency, order_id, description, metadata, customer_id, payment_methods, tolerance_percent, redirect_url, expires_at, created_at, updated_at, version) VALUES ('inv_' || %1$s, :merchant, 'test', 'open', 'none', 12.50, 'USD', 'bench-' || :n::text, NULL, '{}'::text::jsonb, NULL, '{card}', 0, NULL, now() + interval '7 days', now(), now(), 1);
            INSERT INTO invoice_events (event_id, aggregate_id, merchant_id, version, type, data, metadata, occurred_at) VALUES ('evt_' || %1$s, 'inv_' || %1$s, :merchant, 1, 'invoice.created', :data::text::jsonb, :meta::text::jsonb, now());
            INSERT INTO outbox (event_id, topic, message_key, event_type, payload, published_at) VALUES ('evt_' || %1$s, :topic, :merchant, 'invoice.created', :payload, now());
            UPDATE idempotency_keys SET state = 'completed', response_status = 201, response_body = :response, lock_token = NULL, locked_until = NULL WHERE merchant_id = :merchant AND idempotency_key = %2$s AND lock_token = :token::uuid;
            END;
            """.formatted(ID_BODY, IDEMPOTENCY_KEY);
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    /** The invoice whose rows pgbench copies: made by the benchmark with a known Idempotency-Key. */
    record Sample(String merchantId, String invoiceId, String idempotencyKey) {
    }

    private final Path pgbench;
    private final Path workDir;
    private final URI database;
    private final Map<String, String> variables;
    /** Numbers each run, which every id of it carries: a run never meets an earlier run's rows. */
    private int runs;

    private BenchPgbench(Path pgbench, Path workDir, URI database, Map<String, String> variables) {
        this.pgbench = pgbench;
        this.workDir = workDir;
        this.database = database;
        this.variables = variables;
    }

    static BenchPgbench prepare(Path pgbench, LocalSystem system, int shards, Path workDir, Sample sample) {
        try {
            Files.createDirectories(workDir);
            Files.writeString(workDir.resolve("invoice.sql"), SCRIPT);
            String shard = shardOf(system, shards, sample.invoiceId());
            try (Connection main = connect(system.databaseUrl("payment-service", null)); Connection rows = connect(shard)) {
                seedReplicas(main, rows, sample.merchantId());
                return new BenchPgbench(pgbench, workDir, URI.create(shard), copiedRows(rows, sample));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the pgbench run: " + e.getMessage(), e);
        }
    }

    /** The server's version, e.g. {@code 18.6}. */
    static String serverVersion(LocalSystem system) {
        try (Connection connection = connect(system.databaseUrl("payment-service", null))) {
            return firstRow(connection, "SHOW server_version").orElseThrow()[0];
        } catch (SQLException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
    }

    /** What the script writes, for the report. */
    String describe() {
        return String.format("pgbench (%s, -M prepared; the service caches prepared statements on its shard pools, not for the two"
                        + " reads on its main database) on %s runs per"
                        + " transaction the 9 statements of a card invoice: key and merchant-settings reads, idempotency claim,"
                        + " BEGIN, invoice, invoice_events and outbox inserts, idempotency completion, COMMIT; rows as large"
                        + " as a real one's (event data %d B, outbox payload %d B, stored response %d B). Not in it: the"
                        + " outbox relay's later publish and mark-sent, which PayGrid does during its runs",
                version(), database.getPath().substring(1), variables.get("data").length(), variables.get("payload").length(),
                variables.get("response").length());
    }

    BenchResult run(int clients, int seconds) {
        int run = ++runs;
        String prefix = "run" + run + "-c" + clients;
        List<String> command = new ArrayList<>(List.of(pgbench.toString(), "-n", "-M", "prepared", "-f", "invoice.sql",
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(Runtime.getRuntime().availableProcessors(), clients)),
                "-T", String.valueOf(seconds), "--log", "--log-prefix=" + prefix, "-D", "run=" + run));
        variables.forEach((name, value) -> command.addAll(List.of("-D", name + "=" + value)));
        command.addAll(List.of("-h", database.getHost(), "-p", String.valueOf(database.getPort()),
                "-U", LocalSystem.databaseUser(), database.getPath().substring(1)));
        String output = execute(command, workDir.resolve(prefix + ".out"));
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            return new BenchResult(clients, 0, 1, 0, BenchLatencies.of(new long[0]), output.strip());
        }
        Matcher failed = FAILED.matcher(output);
        BenchLatencies latencies = loggedLatencies(prefix);
        return new BenchResult(clients, latencies.count(), failed.find() ? Integer.parseInt(failed.group(1)) : 0,
                Double.parseDouble(tps.group(1)), latencies, null);
    }

    private String execute(List<String> command, Path output) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("PGPASSWORD", LocalSystem.databasePassword());
        try {
            builder.start().waitFor();
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Each transaction's time from pgbench's per-transaction logs (third column, microseconds), one file per thread. */
    private BenchLatencies loggedLatencies(String prefix) {
        try (Stream<Path> files = Files.list(workDir)) {
            long[] nanos = files.filter(file -> file.getFileName().toString().startsWith(prefix + "."))
                    .filter(file -> !file.getFileName().toString().endsWith(".out"))
                    .flatMap(BenchPgbench::lines)
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 2 && fields[2].chars().allMatch(Character::isDigit))
                    .mapToLong(fields -> Long.parseLong(fields[2]) * 1000)
                    .toArray();
            return BenchLatencies.of(nanos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String version() {
        String output = execute(List.of(pgbench.toString(), "--version"), workDir.resolve("version.out")).strip();
        return output.replace("pgbench (PostgreSQL) ", "pgbench ");
    }

    private static String shardOf(LocalSystem system, int shards, String invoiceId) throws SQLException {
        for (int shard = 0; shard < shards; shard++) {
            String url = system.databaseUrl("payment-service", shard);
            try (Connection connection = connect(url)) {
                if (firstRow(connection, "SELECT id FROM invoices WHERE id = ?", invoiceId).isPresent()) {
                    return url;
                }
            }
        }
        throw new IllegalStateException("Invoice " + invoiceId + " is on no payment-service shard");
    }

    /** The test merchant's settings and key scopes, under pgbench's own ids, in the shard's replica tables. */
    private static void seedReplicas(Connection main, Connection shard, String merchantId) throws SQLException {
        String[] merchant = firstRow(main, "SELECT settings::text FROM merchant_replica WHERE merchant_id = ?", merchantId)
                .orElseThrow(() -> new IllegalStateException("Merchant " + merchantId + " is not in payment-service's replica"));
        String[] key = firstRow(main, "SELECT scopes::text FROM api_key_replica WHERE merchant_id = ? LIMIT 1", merchantId)
                .orElseThrow(() -> new IllegalStateException("No key of " + merchantId + " in payment-service's replica"));
        update(shard, "INSERT INTO merchant_replica (merchant_id, active, settings) VALUES (?, true, ?::jsonb) "
                + "ON CONFLICT (merchant_id) DO NOTHING", MERCHANT, merchant[0]);
        update(shard, "INSERT INTO api_key_replica (key_id, merchant_id, key_hash, prefix, mode, scopes) "
                + "VALUES (?, ?, ?, 'sk_test_pgb', 'test', ?::text[]) ON CONFLICT (key_id) DO NOTHING",
                "key_" + MERCHANT.substring(4), MERCHANT, KEY_HASH, key[0]);
    }

    /** The sample invoice's event, outbox row and stored response, which pgbench writes again and again. */
    private static Map<String, String> copiedRows(Connection shard, Sample sample) throws SQLException {
        String[] event = firstRow(shard, "SELECT event_id, data::text, metadata::text FROM invoice_events WHERE aggregate_id = ?"
                + " AND version = 1", sample.invoiceId()).orElseThrow();
        String[] outbox = firstRow(shard, "SELECT topic, payload FROM outbox WHERE event_id = ?", event[0]).orElseThrow();
        String[] stored = firstRow(shard, "SELECT fingerprint, response_body FROM idempotency_keys WHERE merchant_id = ?"
                + " AND idempotency_key = ?", sample.merchantId(), sample.idempotencyKey()).orElseThrow();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("n", "0");
        variables.put("merchant", MERCHANT);
        variables.put("keyhash", KEY_HASH);
        variables.put("token", "00000000-0000-7000-8000-00000000beef");
        variables.put("fingerprint", stored[0]);
        variables.put("response", stored[1]);
        variables.put("data", event[1]);
        variables.put("meta", event[2]);
        variables.put("topic", outbox[0]);
        variables.put("payload", outbox[1]);
        return variables;
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection("jdbc:" + url, LocalSystem.databaseUser(), LocalSystem.databasePassword());
    }

    private static Optional<String[]> firstRow(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            String[] row = new String[rows.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rows.getString(i + 1);
            }
            return Optional.of(row);
        }
    }

    private static void update(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, String... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setString(i + 1, parameters[i]);
        }
        return statement;
    }
}
