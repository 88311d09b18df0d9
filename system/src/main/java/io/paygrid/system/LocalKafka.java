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

    private final EmbeddedKafkaBroker broker;

    private LocalKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    static LocalKafka start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            Path clusterIdFile = dataDirectory.resolve("cluster.id");
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
            }
            String clusterId = Files.readString(clusterIdFile).strip();
            Path logs = dataDirectory.resolve("logs");
            int clientPort = FreePorts.next();
            int controllerPort = FreePorts.next();
            while (controllerPort == clientPort) {
                controllerPort = FreePorts.next();
            }
            // Ports chosen here and apart: the broker's own pick can give both listeners one port, and then it will not start.
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
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
            return new LocalKafka(broker);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare Kafka's data folder", e);
        }
    }

    /** For clients: {@code 127.0.0.1:port}. */
    String bootstrapServers() {
        return broker.getAdvertisedListeners().replaceFirst("^[A-Z_]+://", "");
    }

    @Override
    public void close() {
        broker.close();
    }
}
