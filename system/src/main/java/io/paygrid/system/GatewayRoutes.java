package io.paygrid.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Which service serves a path: the longest matching prefix of {@code gateway-routes.txt}, on segment boundaries. */
public final class GatewayRoutes {

    private final Map<String, String> serviceByPrefix;

    GatewayRoutes(Map<String, String> serviceByPrefix) {
        Map<String, String> ordered = new LinkedHashMap<>();
        serviceByPrefix.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        this.serviceByPrefix = ordered;
    }

    public static GatewayRoutes standard() {
        try (InputStream in = GatewayRoutes.class.getResourceAsStream("/gateway-routes.txt")) {
            if (in == null) {
                throw new IllegalStateException("gateway-routes.txt is missing from the classpath");
            }
            Map<String, String> routes = new LinkedHashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+");
                routes.put(parts[0], parts[1]);
            }
            return new GatewayRoutes(routes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> serviceFor(String path) {
        if (!isCanonical(path)) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> route : serviceByPrefix.entrySet()) {
            String prefix = route.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return Optional.of(route.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * Only plain paths are routed: no dot segments, empty segments or backslashes, and no encoded dot,
     * slash or backslash that a service would decode into one (so {@code /v1/invoices/%2e%2e/q/metrics}
     * cannot reach a service's operations endpoints).
     */
    static boolean isCanonical(String path) {
        if (path == null || !path.startsWith("/") || path.contains("\\") || path.contains("//")) {
            return false;
        }
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25")) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(serviceByPrefix);
    }
}
