package io.paygrid.system;

import io.paygrid.devchain.Anvil;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The whole of PayGrid on one machine: PostgreSQL and Kafka with their data kept under
 * {@code .paygrid/data}, a local EVM chain when one is installed, the five services, and the API
 * gateway. Started by {@code ./paygrid up}; Ctrl-C stops everything in reverse order.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalSystem.class);
    public static final List<String> SERVICES = List.of("merchant-service", "payment-service", "wallet-service",
            "webhook-service", "analytics-service");

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private LocalPostgres postgres;
    private LocalKafka kafka;
    private Gateway gateway;
    private LocalChain chain;
    private TestMerchant testMerchant;
    private LocalState state;

    /**
     * @param projectDir the checkout, where each service's {@code target/quarkus-app} is
     * @param stateDir   where data, logs and {@code env} go ({@code .paygrid})
     * @param gatewayPort 8080 normally; 0 for any free port
     * @param firstServicePort 8081 normally (services take it and the next four); 0 for free ports
     * @param shards merchant shard databases per service
     * @param anvil the local EVM node's executable, if installed
     * @param environment more environment for every service (a test's settings), over the standard ones
     */
    public record Options(Path projectDir, Path stateDir, int gatewayPort, int firstServicePort, int shards,
                          Optional<Path> anvil, int chainPort, Map<String, String> environment) {
    }

    public record TestMerchant(String merchantId, String apiKey) {
    }

    public LocalSystem(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws InterruptedException {
        Path project = Path.of(System.getProperty("paygrid.project", ".")).toAbsolutePath().normalize();
        Optional<Path> anvil = Anvil.locate();
        Options options = new Options(project, project.resolve(".paygrid"),
                Integer.getInteger("paygrid.gateway-port", 8080), Integer.getInteger("paygrid.first-service-port", 8081),
                Integer.getInteger("paygrid.shards", 2), anvil, Integer.getInteger("paygrid.chain-port", 8545), Map.of());
        LocalSystem system = new LocalSystem(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping PayGrid…");
            system.close();
            LOG.info("PayGrid stopped.");
            stopped.countDown();
        }, "paygrid-stop"));
        try {
            system.start();
        } catch (RuntimeException e) {
            LOG.errorf("PayGrid did not start: %s", e.getMessage());
            System.exit(1);
        }
        system.printSummary();
        stopped.await();
    }

    public void start() {
        Path data = options.stateDir().resolve("data");
        Path logs = options.stateDir().resolve("logs");
        try {
            Files.createDirectories(data);
            Files.createDirectories(logs);
            Files.deleteIfExists(envFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        state = LocalState.load(options.stateDir().resolve("state.properties"));

        postgres = LocalPostgres.start(data.resolve("postgres"), logs.resolve("postgres.log"));
        started.add(postgres);
        kafka = LocalKafka.start(data.resolve("kafka"));
        started.add(kafka);
        if (options.anvil().isPresent()) {
            chain = LocalChain.start(options.anvil().get(), options.chainPort(), data.resolve("anvil"), logs.resolve("anvil.log"), state);
            started.add(chain);
        } else {
            LOG.info("No local EVM chain: npm was not found, so @foundry-rs/anvil is not installed. Everything else runs.");
        }

        for (int i = 0; i < SERVICES.size(); i++) {
            servicePorts.put(SERVICES.get(i), options.firstServicePort() == 0 ? FreePorts.next() : options.firstServicePort() + i);
        }
        gateway = Gateway.start(options.gatewayPort(), GatewayRoutes.standard(), servicePorts);
        started.add(gateway);
        for (String service : SERVICES) {
            launch(service);
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(Duration.ofMinutes(4));
        }
        testMerchant = new Bootstrap(gatewayUrl(), state).ensureTestMerchant();
        writeEnv();
    }

    private ServiceProcess launch(String service) {
        ServiceProcess process = ServiceProcess.start(service,
                options.projectDir().resolve(service).resolve("target/quarkus-app/quarkus-run.jar"),
                servicePorts.get(service), serviceConfig(service), serviceEnvironment(),
                options.stateDir().resolve("logs").resolve(service + ".log"));
        services.put(service, process);
        started.add(process);
        return process;
    }

    /** {@code kill -9} of one service, as a crashed machine would stop it: nothing in flight is finished. */
    public void killService(String service) {
        ServiceProcess process = services.remove(service);
        if (process == null) {
            throw new IllegalArgumentException(service + " is not running");
        }
        process.kill();
        started.remove(process);
        LOG.infof("Killed %s (kill -9)", service);
    }

    /** Starts a killed service again, on its port and with its configuration, and waits until it is ready. */
    public void restartService(String service) {
        if (services.containsKey(service)) {
            throw new IllegalArgumentException(service + " is running");
        }
        launch(service).awaitReady(Duration.ofMinutes(2));
    }

    /** Stops the Kafka broker as an outage would; every service keeps running and must ride it out. */
    public void stopKafka() {
        kafka.stopBroker();
        LOG.info("Stopped the Kafka broker");
    }

    public void startKafka() {
        kafka.startBroker();
    }

    /** Stops PostgreSQL as an outage would; every service keeps running and must ride it out. */
    public void stopPostgres() {
        postgres.stop();
        LOG.info("Stopped PostgreSQL");
    }

    public void startPostgres() {
        postgres.startAgain();
    }

    /** A database of the local PostgreSQL, for tools that read it directly (the benchmark's pgbench). */
    public String databaseUrl(String service, Integer shard) {
        String database = "paygrid_" + service.replace("-service", "").replace('-', '_') + (shard == null ? "" : "_shard" + shard);
        return postgres.database(database);
    }

    public static String databaseUser() {
        return LocalPostgres.USER;
    }

    public static String databasePassword() {
        return LocalPostgres.PASSWORD;
    }

    public String chainRpcUrl() {
        return chain == null ? null : chain.rpcUrl();
    }

    private Map<String, String> serviceConfig(String service) {
        String database = service.replace("-service", "").replace('-', '_');
        Map<String, String> config = new LinkedHashMap<>();
        String main = postgres.database("paygrid_" + database);
        config.put("quarkus.datasource.jdbc.url", "jdbc:" + main);
        config.put("quarkus.datasource.reactive.url", main);
        config.put("quarkus.datasource.username", LocalPostgres.USER);
        for (int shard = 0; shard < options.shards(); shard++) {
            config.put("paygrid.shards[" + shard + "].url", postgres.database("paygrid_" + database + "_shard" + shard));
            config.put("paygrid.shards[" + shard + "].username", LocalPostgres.USER);
            config.put("paygrid.shards[" + shard + "].password", "${QUARKUS_DATASOURCE_PASSWORD}");
        }
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        // A person reads these logs in .paygrid/logs: plain text rather than production's JSON.
        config.put("quarkus.log.console.json.enabled", "false");
        config.put("paygrid.public-url", gatewayUrl());
        if (service.equals("payment-service")) {
            config.put("paygrid.wallet.url", "http://127.0.0.1:" + servicePorts.get("wallet-service"));
        }
        return config;
    }

    /**
     * Settings for the services that use them, as environment variables: a service that does not read
     * one ignores it, where an unknown system property under {@code paygrid.} would fail its start.
     */
    private Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        // Secrets travel in the environment, which only the process owner can read, never on the command line.
        environment.put("QUARKUS_DATASOURCE_PASSWORD", LocalPostgres.PASSWORD);
        environment.put("PAYGRID_AUTH_ADMIN_KEY", state.get(LocalState.ADMIN_KEY));
        environment.put("PAYGRID_AUTH_KEY_HASH_SECRET", state.get(LocalState.KEY_HASH_SECRET));
        environment.put("PAYGRID_AUTH_SERVICE_TOKEN", state.get(LocalState.SERVICE_TOKEN));
        // Exchange rates from the fixed table (ETH 2000 USD, BTC 50000 USD, USDC 1 USD…): no internet needed.
        environment.put("PAYGRID_WALLET_RATES_SOURCES", "fixed");
        // A merchant trying webhooks on this machine points them at a receiver on loopback: allow-listed here only.
        environment.put("PAYGRID_WEBHOOKS_SSRF_ALLOW_LIST", "127.0.0.1/32");
        if (chain != null) {
            environment.put("PAYGRID_CHAINS_DEVNET_RPC_URL", chain.rpcUrl());
            environment.put("PAYGRID_CHAINS_DEVNET_TOKENS_USDC_CONTRACT", chain.usdcContract());
        }
        environment.putAll(options.environment());
        return environment;
    }

    private void writeEnv() {
        StringBuilder env = new StringBuilder()
                .append("PAYGRID_URL=").append(gatewayUrl()).append('\n')
                .append("PAYGRID_ADMIN_KEY=").append(state.get(LocalState.ADMIN_KEY)).append('\n')
                .append("PAYGRID_TEST_MERCHANT_ID=").append(testMerchant.merchantId()).append('\n')
                .append("PAYGRID_TEST_API_KEY=").append(testMerchant.apiKey()).append('\n');
        if (chain != null) {
            env.append("PAYGRID_CHAIN_RPC=").append(chain.rpcUrl()).append('\n');
            env.append("PAYGRID_DEVNET_USDC=").append(chain.usdcContract()).append('\n');
        }
        try {
            Path tmp = envFile().resolveSibling("env.tmp");
            Files.writeString(tmp, env.toString());
            Files.move(tmp, envFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console summary; the test key is printed here (to the terminal, not to any log file) by design. */
    void printSummary() {
        StringBuilder summary = new StringBuilder("\n\n  PayGrid is running.\n\n")
                .append("  API gateway     ").append(gatewayUrl()).append('\n');
        servicePorts.forEach((service, port) -> summary.append(String.format("  %-17s http://127.0.0.1:%d  (Swagger UI: /q/swagger-ui)%n", service, port)));
        if (chain != null) {
            summary.append("  EVM devnet      ").append(chain.rpcUrl()).append("  (chain id 31337)\n");
        }
        summary.append("\n  Test merchant   ").append(testMerchant.merchantId()).append('\n')
                .append("  Test API key    ").append(testMerchant.apiKey()).append('\n')
                .append("  Environment     ").append(envFile()).append("\n\n")
                .append("  Try: curl -H \"Authorization: Bearer ").append(testMerchant.apiKey()).append("\" ")
                .append(gatewayUrl()).append("/v1/invoices\n\n  Ctrl-C stops everything; data stays in ")
                .append(options.stateDir().resolve("data")).append(".\n");
        Console.print(summary.toString());
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public Path envFile() {
        return options.stateDir().resolve("env");
    }

    public TestMerchant testMerchant() {
        return testMerchant;
    }

    public Map<String, Integer> servicePorts() {
        return Map.copyOf(servicePorts);
    }

    @Override
    public synchronized void close() {
        try {
            Files.deleteIfExists(envFile());
        } catch (IOException e) {
            LOG.debug("Could not remove the env file", e);
        }
        // Services first and all at once (each takes a few seconds to drain), then what they depend on.
        started.stream().filter(ServiceProcess.class::isInstance).map(ServiceProcess.class::cast)
                .forEach(ServiceProcess::requestStop);
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warnf("Stopping %s failed: %s", started.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        started.clear();
        services.clear();
    }
}
