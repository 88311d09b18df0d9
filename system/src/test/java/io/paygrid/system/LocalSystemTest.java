package io.paygrid.system;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./paygrid up} promises, run for real: the five packaged services, PostgreSQL, Kafka and the
 * gateway start; the env file appears; the test key reaches every service through the gateway; and
 * after a stop and a start everything created before is still there.
 */
class LocalSystemTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldRunEverythingBehindTheGatewayAndKeepItsDataAcrossARestart(@TempDir Path stateDir) throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Optional<Path> anvil = Optional.ofNullable(System.getenv("PAYGRID_ANVIL")).map(Path::of).filter(Files::isExecutable);
        LocalSystem.Options options = new LocalSystem.Options(project, stateDir, 0, 0, 2, anvil, FreePorts.next());

        String merchantId;
        String keyId;
        try (LocalSystem system = new LocalSystem(options)) {
            system.start();
            Map<String, String> env = readEnv(system.envFile());
            assertThat(env).containsKeys("PAYGRID_URL", "PAYGRID_ADMIN_KEY", "PAYGRID_TEST_API_KEY");
            assertThat(env.get("PAYGRID_TEST_API_KEY")).startsWith("sk_test_");
            assertThat(env.get("PAYGRID_URL")).isEqualTo(system.gatewayUrl());
            if (anvil.isPresent()) {
                assertThat(env).containsKey("PAYGRID_CHAIN_RPC");
            }
            for (String path : Bootstrap.LIST_ENDPOINTS) {
                HttpResponse<String> response = get(system.gatewayUrl() + path, env.get("PAYGRID_TEST_API_KEY"), null);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(new JsonObject(response.body()).containsKey("data")).as(path).isTrue();
                assertThat(get(system.gatewayUrl() + path, null, null).statusCode()).as(path).isEqualTo(401);
            }
            merchantId = system.testMerchant().merchantId();
            keyId = createKey(system.gatewayUrl(), env.get("PAYGRID_ADMIN_KEY"), merchantId);
        }
        assertThat(stateDir.resolve("env")).doesNotExist();

        try (LocalSystem restarted = new LocalSystem(options)) {
            restarted.start();
            Map<String, String> env = readEnv(restarted.envFile());
            assertThat(restarted.testMerchant().merchantId()).isEqualTo(merchantId);
            HttpResponse<String> keys = get(restarted.gatewayUrl() + "/v1/api-keys?limit=100", env.get("PAYGRID_TEST_API_KEY"), null);
            assertThat(keys.statusCode()).isEqualTo(200);
            assertThat(keys.body()).contains(keyId);
        }
    }

    private String createKey(String gatewayUrl, String adminKey, String merchantId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/api-keys"))
                .header("Authorization", "Bearer " + adminKey)
                .header("PayGrid-Merchant", merchantId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"kept\",\"scopes\":[\"invoices:read\"],\"mode\":\"test\"}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return new JsonObject(response.body()).getString("id");
    }

    private HttpResponse<String> get(String url, String bearer, String merchant) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (merchant != null) {
            request.header("PayGrid-Merchant", merchant);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> readEnv(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
    }
}
