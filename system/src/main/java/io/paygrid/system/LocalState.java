package io.paygrid.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * What the local run keeps between starts, besides the databases: its generated secrets and the
 * test merchant it made. Stored in {@code .paygrid/state.properties}, readable only by its owner.
 */
final class LocalState {

    static final String ADMIN_KEY = "admin_key";
    static final String KEY_HASH_SECRET = "key_hash_secret";
    static final String TEST_MERCHANT_ID = "test_merchant_id";
    static final String TEST_API_KEY = "test_api_key";
    static final String SERVICE_TOKEN = "service_token";
    static final String DEVNET_USDC = "devnet_usdc";

    private final Path file;
    private final Properties values = new Properties();

    private LocalState(Path file) {
        this.file = file;
    }

    static LocalState load(Path file) {
        LocalState state = new LocalState(file);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                state.values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        state.values.putIfAbsent(ADMIN_KEY, "pg_admin_" + random(24));
        state.values.putIfAbsent(KEY_HASH_SECRET, random(32));
        state.values.putIfAbsent(SERVICE_TOKEN, "pg_service_" + random(24));
        state.save();
        return state;
    }

    String get(String key) {
        return values.getProperty(key);
    }

    void put(String key, String value) {
        values.setProperty(key, value);
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Not a POSIX file system: the folder's own permissions apply.
                }
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                values.store(writer, "PayGrid local run: generated secrets and the test merchant. Do not share.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        new SecureRandom().nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
