package io.paygrid.system;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import org.apache.kafka.common.Uuid;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Kafka broker (KRaft, in this process) whose logs are kept in a folder across restarts. */
final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalKafka.class);

    private final Path dataDirectory;
    private final int clientPort;
    private final int controllerPort;
    private EmbeddedKafkaBroker broker;

    private LocalKafka(Path dataDirectory, int clientPort, int controllerPort) {
        this.dataDirectory = dataDirectory;
        this.clientPort = clientPort;
        this.controllerPort = controllerPort;
    }

    static LocalKafka start(Path dataDirectory) {
        int clientPort = FreePorts.next();
        int controllerPort = FreePorts.next();
        while (controllerPort == clientPort) {
            controllerPort = FreePorts.next();
        }
        // Ports chosen here and apart: the broker's own pick can give both listeners one port, and then it will not start.
        LocalKafka kafka = new LocalKafka(dataDirectory, clientPort, controllerPort);
        kafka.startBroker();
        return kafka;
    }

    /** Starts the broker again after {@link #stopBroker}, on the same ports and with the same data: clients reconnect. */
    synchronized void startBroker() {
        if (broker != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            Path clusterIdFile = dataDirectory.resolve("cluster.id");
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
            }
            String clusterId = Files.readString(clusterIdFile).strip();
            Path logs = dataDirectory.resolve("logs");
            broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withKafkaPort(clientPort)
                    .withControllerPort(controllerPort)
                    .withClusterId(clusterId)
                    .withDeleteLogDirsOnClose(false)
                    .withAdditionalProperties(props -> {
                        props.put("log.dir", logs.toString());
                        props.put("auto.create.topics.enable", "true");
                        props.put("num.partitions", "6");
                        props.put("log.retention.hours", "168");
                    })
                    .start();
            LOG.infof("Kafka on %s, data in %s", broker.getAdvertisedListeners(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare Kafka's data folder", e);
        }
    }

    /** For clients: {@code 127.0.0.1:port}. */
    String bootstrapServers() {
        return "127.0.0.1:" + clientPort;
    }

    /** Stops the broker as an outage would; the data stays. */
    synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public void close() {
        stopBroker();
    }
}
