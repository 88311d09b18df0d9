package io.paygrid.system;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A closed loop: {@code clients} threads, each sending its next request as soon as the previous one answered, as a
 * merchant's server with that many workers would. Throughput is successes over the wall time of the whole run.
 */
final class BenchLoad {

    /** One request of the load. */
    @FunctionalInterface
    interface Call {
        HttpResponse<String> send();
    }

    private BenchLoad() {
    }

    static BenchResult forSeconds(int clients, int seconds, int expectedStatus, Call call, Consumer<String> onSuccess) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        return run(clients, () -> System.nanoTime() < deadline, expectedStatus, call, onSuccess);
    }

    static BenchResult times(int clients, int total, int expectedStatus, Call call, Consumer<String> onSuccess) {
        AtomicInteger left = new AtomicInteger(total);
        return run(clients, () -> left.getAndDecrement() > 0, expectedStatus, call, onSuccess);
    }

    private static BenchResult run(int clients, BooleanSupplier another, int expectedStatus, Call call,
                                   Consumer<String> onSuccess) {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        Callable<Client> client = () -> new Client().loop(another, expectedStatus, call, onSuccess);
        long started = System.nanoTime();
        try {
            List<Client> done = new ArrayList<>();
            for (Future<Client> future : threads.invokeAll(Collections.nCopies(clients, client))) {
                done.add(future.get());
            }
            return summary(clients, done, System.nanoTime() - started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A load client failed: " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private static BenchResult summary(int clients, List<Client> done, long elapsedNanos) {
        BenchLatencies latencies = BenchLatencies.merge(done.stream().map(c -> c.latencies).toList());
        int failed = done.stream().mapToInt(c -> c.failed).sum();
        String firstFailure = done.stream().map(c -> c.firstFailure).filter(f -> f != null).findFirst().orElse(null);
        return new BenchResult(clients, latencies.count(), failed, latencies.count() * 1e9 / elapsedNanos, latencies, firstFailure);
    }

    /** One client thread's own tally, merged when all are done so that recording never contends. */
    private static final class Client {

        private final BenchLatencies.Recorder latencies = new BenchLatencies.Recorder();
        private int failed;
        private String firstFailure;

        Client loop(BooleanSupplier another, int expectedStatus, Call call, Consumer<String> onSuccess) {
            while (another.getAsBoolean()) {
                long started = System.nanoTime();
                try {
                    HttpResponse<String> response = call.send();
                    long took = System.nanoTime() - started;
                    if (response.statusCode() == expectedStatus) {
                        latencies.add(took);
                        onSuccess.accept(response.body());
                    } else {
                        fail(response.statusCode() + " " + response.body());
                    }
                } catch (RuntimeException e) {
                    fail(e.getMessage());
                }
            }
            return this;
        }

        private void fail(String why) {
            failed++;
            if (firstFailure == null) {
                firstFailure = why;
            }
        }
    }
}
