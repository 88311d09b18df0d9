package io.paygrid.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** How many errors and warnings each log of the run holds: numbers measured on a system that was failing mean little. */
final class BenchLogs {

    /** The level of a service's line ({@code 2026-01-31 10:00:00,123 WARN  [...]}) or PostgreSQL's ({@code … UTC [42] ERROR:}). */
    private static final Pattern LEVEL = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[.,]\\d+ (?:UTC \\[\\d+\\] )?([A-Z]+)");

    private BenchLogs() {
    }

    static String summary(Path logs) {
        StringBuilder summary = new StringBuilder("\nLog lines at ERROR / WARN during the run")
                .append(" (-Dpaygrid.bench.keep-state=true keeps the logs):\n");
        try (Stream<Path> files = Files.list(logs)) {
            files.sorted().forEach(file -> {
                List<String> lines = lines(file);
                summary.append(String.format("  %-24s %5d / %d%n", file.getFileName(), atLevel(lines, "ERROR", "FATAL"),
                        atLevel(lines, "WARN", "WARNING")));
            });
        } catch (IOException e) {
            return "\nThe logs could not be read: " + e.getMessage() + "\n";
        }
        return summary.toString();
    }

    private static long atLevel(List<String> lines, String... levels) {
        List<String> wanted = List.of(levels);
        return lines.stream().map(LEVEL::matcher).filter(Matcher::find).filter(level -> wanted.contains(level.group(1))).count();
    }

    /** A log as text, whatever bytes a process wrote into it. */
    private static List<String> lines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
