package io.paygrid.platform.db;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Flyway migrations found through an explicit {@code migrations.txt} index in a classpath folder
 * rather than by scanning, because a packaged Quarkus application cannot list classpath folders
 * reliably. The index names one file a line, in any order; Flyway orders them by version.
 */
public final class ListedMigrations implements ResourceProvider {

    public static final String INDEX = "migrations.txt";

    private final List<LoadableResource> resources;

    private ListedMigrations(List<LoadableResource> resources) {
        this.resources = resources;
    }

    /** Reads {@code folder/migrations.txt}; a missing index means the folder has no migrations. */
    public static ListedMigrations in(String folder, ClassLoader loader) {
        List<String> index = readIndex(folder, loader);
        requireIndexMatchesFolder(folder, loader, index);
        List<LoadableResource> found = new ArrayList<>();
        for (String name : index) {
            String path = folder + "/" + name;
            String sql = readResource(path, loader);
            found.add(new Listed(path, name, sql));
        }
        return new ListedMigrations(List.copyOf(found));
    }

    /**
     * Where the folder can be listed (a build's own classes, as in every test run), a migration file
     * missing from the index fails loudly instead of being skipped.
     */
    static void requireIndexMatchesFolder(String folder, ClassLoader loader, List<String> index) {
        try {
            java.util.Enumeration<java.net.URL> locations = loader.getResources(folder);
            while (locations.hasMoreElements()) {
                java.net.URL location = locations.nextElement();
                if (!"file".equals(location.getProtocol())) {
                    continue;
                }
                try (var files = java.nio.file.Files.list(java.nio.file.Path.of(location.toURI()))) {
                    List<String> unlisted = files.map(f -> f.getFileName().toString())
                            .filter(name -> name.endsWith(".sql") && !index.contains(name))
                            .sorted().toList();
                    if (!unlisted.isEmpty()) {
                        throw new IllegalStateException("Migrations " + unlisted + " in " + folder + " are not listed in "
                                + folder + "/" + INDEX);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> readIndex(String folder, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(folder + "/" + INDEX)) {
            if (in == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String trimmed = line.strip();
                    if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                        names.add(trimmed);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.stream()
                .filter(r -> r.getRelativePath().equals(name) || r.getAbsolutePath().equals(name))
                .findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return resources.stream()
                .filter(r -> r.getFilename().startsWith(prefix))
                .filter(r -> Arrays.stream(suffixes).anyMatch(s -> r.getFilename().endsWith(s)))
                .toList();
    }

    private static String readResource(String path, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + path + " is listed in " + INDEX + " but missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Listed extends LoadableResource {
        private final String path;
        private final String filename;
        private final String sql;

        Listed(String path, String filename, String sql) {
            this.path = path;
            this.filename = filename;
            this.sql = sql;
        }

        @Override
        public Reader read() {
            return new StringReader(sql);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path;
        }

        @Override
        public String getFilename() {
            return filename;
        }

        @Override
        public String getRelativePath() {
            return filename;
        }
    }
}
