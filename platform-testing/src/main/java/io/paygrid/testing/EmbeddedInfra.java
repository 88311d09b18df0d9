package io.paygrid.testing;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server and one real Kafka broker (KRaft) per test JVM, each on a random free
 * loopback port, started on first use and stopped when the JVM exits. No Docker involved.
 */
public final class EmbeddedInfra {

    public static final String DB_USER = "postgres";
    public static final String DB_PASSWORD = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static EmbeddedKafkaBroker kafka;

    private EmbeddedInfra() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "400")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedInfra::stopPostgres, "embedded-postgres-stop"));
        }
        return postgres;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            int[] ports = twoFreePorts();
            kafka = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    // Both ports chosen here, held open together: the broker's own pick can give its client and
                    // controller listeners the same port, and then it refuses to start.
                    .withKafkaPort(ports[0])
                    .withControllerPort(ports[1])
                    .withAdditionalProperties(props -> {
                        props.put("auto.create.topics.enable", "true");
                        props.put("num.partitions", "3");
                        props.put("group.initial.rebalance.delay.ms", "0");
                    })
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedInfra::stopKafka, "embedded-kafka-stop"));
        }
        return kafka.getAdvertisedListeners();
    }

    private static int[] twoFreePorts() {
        try (java.net.ServerSocket first = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket second = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback ports for Kafka", e);
        }
    }

    /** A new, empty database with a unique name built from {@code hint}. */
    public static String createDatabase(String hint) {
        String name = hint.replaceAll("[^a-z0-9_]", "_") + "_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return name;
    }

    /** {@code postgresql://127.0.0.1:port/name}: prefix with {@code jdbc:} for JDBC, or use as is for the reactive client. */
    public static String url(String database) {
        return "postgresql://127.0.0.1:" + postgres().getPort() + "/" + database;
    }

    private static synchronized void stopPostgres() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException ignored) {
            // The JVM is exiting; the data directory is temporary.
        }
    }

    private static synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
