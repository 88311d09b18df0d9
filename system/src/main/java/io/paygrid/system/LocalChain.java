package io.paygrid.system;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A local EVM chain (anvil, chain id 31337) whose state is dumped on stop and loaded on start. */
final class LocalChain implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalChain.class);

    private final Process process;
    private final int port;

    private LocalChain(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalChain start(Path anvil, int port, Path dataDirectory, Path logFile) {
        try {
            Files.createDirectories(dataDirectory);
            List<String> command = List.of(anvil.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--chain-id", "31337", "--state", dataDirectory.resolve("state.json").toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            LocalChain chain = new LocalChain(process, port);
            chain.awaitRpc(Duration.ofSeconds(30), logFile);
            LOG.infof("EVM devnet (anvil) on %s, state in %s", chain.rpcUrl(), dataDirectory);
            return chain;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start anvil", e);
        }
    }

    String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitRpc(Duration timeout, Path logFile) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest chainId = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (http.send(chainId, HttpResponse.BodyHandlers.ofString()).body().contains("0x7a69")) {
                    return;
                }
            } catch (IOException notYet) {
                ServiceProcess.sleep(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("anvil did not answer on " + rpcUrl() + "; see " + logFile);
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
