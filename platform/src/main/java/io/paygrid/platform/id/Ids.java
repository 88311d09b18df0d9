package io.paygrid.platform.id;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Prefixed, time-sortable public ids: {@code inv_} followed by a UUIDv7 in 26 characters of Crockford
 * base32, so that ids sort by creation time both as strings and as UUIDs.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Pattern BODY = Pattern.compile("[0-7][0-9a-hjkmnp-tv-z]{25}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object CLOCK_LOCK = new Object();
    private static long lastMillis;
    private static long sequence;

    private Ids() {
    }

    public static String newId(IdPrefix prefix) {
        return prefix.prefix() + "_" + encode(uuidV7());
    }

    /** A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit counter that keeps ids monotonic within one millisecond. */
    public static UUID uuidV7() {
        long millis;
        long counter;
        synchronized (CLOCK_LOCK) {
            millis = Math.max(System.currentTimeMillis(), lastMillis);
            if (millis == lastMillis) {
                sequence++;
                if (sequence > 0xFFF) {
                    millis++;
                    sequence = RANDOM.nextInt(0x200);
                }
            } else {
                sequence = RANDOM.nextInt(0x200);
            }
            lastMillis = millis;
            counter = sequence;
        }
        long high = (millis << 16) | 0x7000L | counter;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    public static boolean isValid(IdPrefix prefix, String id) {
        return id != null
                && id.length() == prefix.prefix().length() + 27
                && id.startsWith(prefix.prefix() + "_")
                && BODY.matcher(id.substring(prefix.prefix().length() + 1)).matches();
    }

    public static UUID toUuid(IdPrefix prefix, String id) {
        if (!isValid(prefix, id)) {
            throw new IllegalArgumentException("Not a " + prefix.prefix() + " id");
        }
        return decode(id.substring(prefix.prefix().length() + 1));
    }

    public static String fromUuid(IdPrefix prefix, UUID uuid) {
        return prefix.prefix() + "_" + encode(uuid);
    }

    public static Instant createdAt(IdPrefix prefix, String id) {
        return Instant.ofEpochMilli(toUuid(prefix, id).getMostSignificantBits() >>> 16);
    }

    static String encode(UUID uuid) {
        char[] out = new char[26];
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        for (int i = 25; i >= 0; i--) {
            out[i] = ALPHABET[(int) (lo & 0x1F)];
            lo = (lo >>> 5) | (hi << 59);
            hi = hi >>> 5;
        }
        return new String(out);
    }

    static UUID decode(String body) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 26; i++) {
            int value = indexOf(body.charAt(i));
            hi = (hi << 5) | (lo >>> 59);
            lo = (lo << 5) | value;
        }
        return new UUID(hi, lo);
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("Not a base32 id character");
    }
}
