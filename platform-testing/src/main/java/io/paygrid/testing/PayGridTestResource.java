package io.paygrid.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands a service under test real infrastructure: its own main database and two merchant shard
 * databases on the embedded PostgreSQL server, and the embedded Kafka broker.
 * Use with {@code @QuarkusTestResource(PayGridTestResource.class)} (or {@code @WithTestResource}).
 */
public class PayGridTestResource implements QuarkusTestResourceLifecycleManager {

    public static final int SHARDS = 2;
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    public static final String KEY_HASH_SECRET = "test-key-hash-secret";
    /** What PayGrid's services present to each other's /internal endpoints. */
    public static final String SERVICE_TOKEN = "test-service-token-0123456789abcdef";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String main = EmbeddedInfra.createDatabase("svc_main");
        config.put("quarkus.datasource.jdbc.url", "jdbc:" + EmbeddedInfra.url(main));
        config.put("quarkus.datasource.reactive.url", EmbeddedInfra.url(main));
        config.put("quarkus.datasource.username", EmbeddedInfra.DB_USER);
        config.put("quarkus.datasource.password", EmbeddedInfra.DB_PASSWORD);
        for (int i = 0; i < SHARDS; i++) {
            String shard = EmbeddedInfra.createDatabase("svc_shard" + i);
            config.put("paygrid.shards[" + i + "].url", EmbeddedInfra.url(shard));
            config.put("paygrid.shards[" + i + "].username", EmbeddedInfra.DB_USER);
            config.put("paygrid.shards[" + i + "].password", EmbeddedInfra.DB_PASSWORD);
        }
        config.put("kafka.bootstrap.servers", EmbeddedInfra.kafkaBootstrapServers());
        config.put("paygrid.auth.admin-key", ADMIN_KEY);
        config.put("paygrid.auth.key-hash-secret", KEY_HASH_SECRET);
        config.put("paygrid.auth.service-token", SERVICE_TOKEN);
        return config;
    }

    @Override
    public void stop() {
        // The server and broker live for the whole test JVM; each start gets fresh databases.
    }
}
