package io.paygrid.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's printed report: one table of measurements, the PayGrid ÷ pgbench ratios, then what each row means. */
final class BenchTable {

    private static final String ROW = "%-52s %7s %8s %7s %10s %9s %9s%n";
    private static final String RATIO = "%-9s %14s %14s %12s %10s %10s%n";

    private final StringBuilder rows = new StringBuilder();
    private final StringBuilder ratios = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    BenchTable() {
        rows.append(String.format(Locale.ROOT, ROW, "what", "clients", "ok", "errors", "per s", "p50 ms", "p99 ms"));
    }

    void row(String what, BenchResult result) {
        rows.append(String.format(Locale.ROOT, ROW, what, result.clients(), result.succeeded(), result.failed(),
                decimal(result.perSecond()), decimal(result.latencies().millis(50)), decimal(result.latencies().millis(99))));
    }

    /** A row of latencies that are not a request rate (events timed end to end). */
    void row(String what, BenchLatencies latencies, int failed) {
        rows.append(String.format(Locale.ROOT, ROW, what, "", latencies.count(), failed, "",
                decimal(latencies.millis(50)), decimal(latencies.millis(99))));
    }

    /** A row that is only a rate. */
    void row(String what, int count, int failed, double perSecond) {
        rows.append(String.format(Locale.ROOT, ROW, what, "", count, failed, decimal(perSecond), "", ""));
    }

    void ratio(BenchResult paygrid, BenchResult database) {
        if (ratios.isEmpty()) {
            ratios.append(String.format(Locale.ROOT, RATIO, "clients", "PayGrid per s", "pgbench per s", "throughput",
                    "p50", "p99"));
        }
        ratios.append(String.format(Locale.ROOT, RATIO, paygrid.clients(), decimal(paygrid.perSecond()),
                decimal(database.perSecond()), times(paygrid.perSecond() / database.perSecond()),
                times(paygrid.latencies().millis(50) / database.latencies().millis(50)),
                times(paygrid.latencies().millis(99) / database.latencies().millis(99))));
    }

    void note(String text) {
        notes.add(text);
    }

    String render(String heading) {
        StringBuilder out = new StringBuilder("\n").append(heading).append("\n\n").append(rows);
        if (!ratios.isEmpty()) {
            out.append("\nPayGrid ÷ pgbench, card invoice creation (throughput below 1 and latency above 1 is PayGrid's overhead):\n")
                    .append(ratios);
        }
        out.append('\n');
        notes.forEach(note -> out.append("- ").append(note).append('\n'));
        return out.toString();
    }

    private static String decimal(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
