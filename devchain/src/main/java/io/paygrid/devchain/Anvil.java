package io.paygrid.devchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real local EVM node (anvil from npm {@code @foundry-rs/anvil}, chain id 31337) on loopback. Its ten
 * default accounts are funded and unlocked, so transactions need no signing.
 */
public final class Anvil implements AutoCloseable {

    public static final long CHAIN_ID = 31337;
    /** anvil's default accounts 0 and 1 (funded with 10,000 ETH each). */
    public static final String ACCOUNT_0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    public static final String ACCOUNT_1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    private static final String NPM_BINARY = ".paygrid/tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

    private final Process process;
    private final int port;
    private final EvmRpc rpc;

    private Anvil(Process process, int port) {
        this.process = process;
        this.port = port;
        this.rpc = new EvmRpc(rpcUrl());
    }

    /**
     * The anvil executable: {@code PAYGRID_ANVIL} (environment) or {@code paygrid.anvil} (system property),
     * else the npm install that {@code .ci/run} and {@code ./paygrid} make under {@code .paygrid/tools} of this
     * checkout.
     */
    public static Optional<Path> locate() {
        String configured = Optional.ofNullable(System.getProperty("paygrid.anvil")).orElse(System.getenv("PAYGRID_ANVIL"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(NPM_BINARY);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts anvil on a free loopback port, with a fresh chain; fails if anvil is not installed. */
    public static Anvil startFresh(Path logFile) {
        Path binary = locate().orElseThrow(() -> new IllegalStateException(
                "anvil is not installed: run .ci/run (or `npm install --prefix .paygrid/tools @foundry-rs/anvil@1.7.1`)"
                        + " or set PAYGRID_ANVIL to its path"));
        return start(binary, freePort(), List.of(), logFile);
    }

    /** Starts anvil; {@code extraArguments} such as {@code --state <file>} keep a chain across runs. */
    public static Anvil start(Path binary, int port, List<String> extraArguments, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--chain-id", String.valueOf(CHAIN_ID)));
            command.addAll(extraArguments);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            Anvil anvil = new Anvil(process, port);
            anvil.awaitRpc(Duration.ofSeconds(30), logFile);
            return anvil;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start anvil", e);
        }
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    public EvmRpc rpc() {
        return rpc;
    }

    private void awaitRpc(Duration timeout, Path logFile) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (rpc.chainId() == CHAIN_ID) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                sleep(Duration.ofMillis(100));
            }
        }
        throw new IllegalStateException("anvil did not answer on " + rpcUrl() + "; see " + logFile);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
