package io.paygrid.system;

/**
 * One measured run: the calls that answered as expected and those that did not, successes per second of wall time,
 * and the successes' latencies. {@code firstFailure} shows what went wrong, if anything did.
 */
record BenchResult(int clients, int succeeded, int failed, double perSecond, BenchLatencies latencies, String firstFailure) {
}
