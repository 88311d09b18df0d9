package io.paygrid.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A real PostgreSQL server whose data is kept in a folder, so a restart keeps every row. */
final class LocalPostgres implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);

    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    /** Null while stopped (an outage drill). */
    private EmbeddedPostgres server;

    private LocalPostgres(Path dataDirectory, Path logFile, EmbeddedPostgres server) {
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.server = server;
        this.port = server.getPort();
    }

    static LocalPostgres start(Path dataDirectory, Path logFile) {
        // A port of its own choosing, kept for a restart after an outage drill.
        return new LocalPostgres(dataDirectory, logFile, launch(dataDirectory, logFile, FreePorts.next()));
    }

    private static EmbeddedPostgres launch(Path dataDirectory, Path logFile, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // LocalSystem stops PostgreSQL last, after the services; its own hook would stop it under them.
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            EmbeddedPostgres server = builder.setPort(port).start();
            LOG.infof("PostgreSQL on 127.0.0.1:%d, data in %s", server.getPort(), dataDirectory);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL", e);
        }
    }

    /** Stops the server as an outage would (its connections are cut); {@link #startAgain()} brings it back. */
    synchronized void stop() {
        close();
        server = null;
    }

    /** Starts the stopped server again, on the same port and with the same data. */
    synchronized void startAgain() {
        if (server == null) {
            server = launch(dataDirectory, logFile, port);
        }
    }

    int port() {
        return port;
    }

    /** {@code postgresql://127.0.0.1:port/name}, created if it does not exist yet. */
    String database(String name) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet found = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!found.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return "postgresql://127.0.0.1:" + port() + "/" + name;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("PostgreSQL did not stop cleanly", e);
        }
    }
}
