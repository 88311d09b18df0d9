package io.paygrid.platform.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API key secrets: {@code sk_test_} or {@code sk_live_} plus 43 random base62 characters (256 bits,
 * the entropy of 32 random bytes).
 * Only a keyed hash (HMAC-SHA256 with the deployment's key-hash secret) and a short visible prefix are stored.
 */
public final class ApiKeys {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int RANDOM_LENGTH = 43;
    private static final int VISIBLE_RANDOM_CHARS = 4;

    private ApiKeys() {
    }

    public static String generate(String mode) {
        if (!"test".equals(mode) && !"live".equals(mode)) {
            throw new IllegalArgumentException("mode must be test or live");
        }
        StringBuilder key = new StringBuilder("sk_").append(mode).append('_');
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            key.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return key.toString();
    }

    /** True for strings shaped like a PayGrid API key; says nothing about whether it exists. */
    public static boolean looksLikeKey(String candidate) {
        if (candidate == null || candidate.length() != 8 + RANDOM_LENGTH) {
            return false;
        }
        if (!candidate.startsWith("sk_test_") && !candidate.startsWith("sk_live_")) {
            return false;
        }
        for (int i = 8; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    public static String modeOf(String key) {
        return key.startsWith("sk_live_") ? "live" : "test";
    }

    /** What may be shown again later: {@code sk_test_AbCd}. */
    public static String prefixOf(String key) {
        return key.substring(0, 8 + VISIBLE_RANDOM_CHARS);
    }

    public static String hash(String key, String hashSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Compares two secrets or hashes in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
