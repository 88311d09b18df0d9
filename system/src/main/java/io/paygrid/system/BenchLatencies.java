package io.paygrid.system;

import java.util.Arrays;
import java.util.List;

/** One measurement's latencies, sorted, read by nearest rank: every percentile is a latency that was really seen. */
record BenchLatencies(long[] sortedNanos) {

    static BenchLatencies of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new BenchLatencies(sorted);
    }

    static BenchLatencies merge(List<Recorder> recorders) {
        return of(recorders.stream().flatMapToLong(recorder -> Arrays.stream(recorder.values())).toArray());
    }

    int count() {
        return sortedNanos.length;
    }

    /** The percentile in milliseconds; NaN when nothing was measured. */
    double millis(double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
    }

    /** Samples as one thread takes them: a growing array, so recording costs no boxing while the load runs. */
    static final class Recorder {

        private long[] values = new long[1024];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        long[] values() {
            return Arrays.copyOf(values, size);
        }
    }
}
