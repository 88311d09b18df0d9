package io.paygrid.platform.shard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Jump consistent hash (Lamping and Veach, 2014) over the first 8 bytes of SHA-256 of the key:
 * the same key always picks the same bucket on every JVM, and growing from N to N+1 buckets moves
 * only about 1/(N+1) of the keys.
 */
public final class JumpHash {

    private JumpHash() {
    }

    public static int bucket(String key, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1");
        }
        return jump(digest64(key), buckets);
    }

    static int jump(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }

    static long digest64(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
