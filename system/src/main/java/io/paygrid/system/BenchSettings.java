package io.paygrid.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's sizes, from {@code -Dpaygrid.bench.*} system properties. The defaults make a whole run take about
 * four to five minutes on two cores, the system's start included.
 */
record BenchSettings(int seconds, int warmupSeconds, List<Integer> clients, boolean crypto, int chainPayments,
                     int webhooks, int webhookTimeoutSeconds, int analyticsCalls, int shards, boolean keepState,
                     Optional<Path> pgbench) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("paygrid.bench.seconds", 10),
                Integer.getInteger("paygrid.bench.warmup-seconds", 5),
                Arrays.stream(System.getProperty("paygrid.bench.clients", "1,8,32").split(","))
                        .map(String::trim).map(Integer::valueOf).toList(),
                Boolean.parseBoolean(System.getProperty("paygrid.bench.crypto", "true")),
                Integer.getInteger("paygrid.bench.chain-payments", 20),
                Integer.getInteger("paygrid.bench.webhooks", 500),
                Integer.getInteger("paygrid.bench.webhook-timeout-seconds", 120),
                Integer.getInteger("paygrid.bench.analytics-calls", 200),
                Integer.getInteger("paygrid.shards", 2),
                Boolean.getBoolean("paygrid.bench.keep-state"),
                locatePgbench(System.getProperty("paygrid.bench.pgbench")));
    }

    /** {@code paygrid.bench.pgbench}, else {@code pgbench} on the PATH, else {@code /usr/bin/pgbench}. */
    private static Optional<Path> locatePgbench(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream((path + ":/usr/bin").split(":")).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "pgbench")).filter(Files::isExecutable).findFirst();
    }

    String describe() {
        return String.format("%d s per level at %s clients (%d s warm-up); %d chain payments; %d webhooks; %d analytics calls"
                        + " (-Dpaygrid.bench.seconds, .warmup-seconds, .clients, .chain-payments, .webhooks, .analytics-calls,"
                        + " .crypto=false, .keep-state=true)",
                seconds, clients.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse(""), warmupSeconds,
                chainPayments, webhooks, analyticsCalls);
    }
}
