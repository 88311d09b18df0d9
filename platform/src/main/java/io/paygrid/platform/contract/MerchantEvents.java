package io.paygrid.platform.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The contract of {@code merchant.events.v1}: event types and their {@code data}. */
public final class MerchantEvents {

    public static final String MERCHANT_CREATED = "merchant.created";
    public static final String MERCHANT_UPDATED = "merchant.updated";
    public static final String MERCHANT_DEACTIVATED = "merchant.deactivated";
    public static final String MERCHANT_REACTIVATED = "merchant.reactivated";
    public static final String MERCHANT_USER_LINKED = "merchant.user_linked";
    public static final String MERCHANT_USER_UNLINKED = "merchant.user_unlinked";
    public static final String API_KEY_CREATED = "api_key.created";
    public static final String API_KEY_UPDATED = "api_key.updated";
    public static final String API_KEY_REVOKED = "api_key.revoked";

    public static final Set<String> MERCHANT_TYPES = Set.of(MERCHANT_CREATED, MERCHANT_UPDATED, MERCHANT_DEACTIVATED,
            MERCHANT_REACTIVATED);
    public static final Set<String> USER_TYPES = Set.of(MERCHANT_USER_LINKED, MERCHANT_USER_UNLINKED);
    public static final Set<String> API_KEY_TYPES = Set.of(API_KEY_CREATED, API_KEY_UPDATED, API_KEY_REVOKED);

    private MerchantEvents() {
    }

    /** {@code data} of the merchant.* events: the merchant's state after the change, settings included. */
    public record MerchantData(String id, String name, String status, JsonNode settings, Instant updatedAt) {
        public boolean active() {
            return "active".equals(status);
        }
    }

    /** {@code data} of {@code api_key.used} on api-key.usage.v1: requests one service saw since its last report. */
    public record ApiKeyUsageData(String keyId, String merchantId, long count, Instant lastUsedAt, String service) {
    }

    public static final String API_KEY_USED = "api_key.used";

    /**
     * {@code data} of {@code api.requests.reported} on api-key.usage.v1: the requests of one merchant's keys, in one
     * mode, that one service answered since {@code since}; all of them, then those answered with a 4xx and with a
     * 5xx. Durations are in milliseconds, from the request's arrival to its answer.
     */
    public record ApiRequestsData(String merchantId, boolean livemode, String service, Instant since, RequestStats requests,
                                  RequestStats clientErrors, RequestStats serverErrors) {
    }

    /** How many requests and how long they took in all, at shortest and at longest (null when none). */
    public record RequestStats(long count, BigDecimal durationMsSum, BigDecimal durationMsMin, BigDecimal durationMsMax) {
    }

    public static final String API_REQUESTS_REPORTED = "api.requests.reported";

    /** {@code data} of merchant.user_linked / merchant.user_unlinked: an OIDC subject acting for the merchant. */
    public record MerchantUserData(String merchantId, String subject) {
    }

    /**
     * {@code data} of the api_key.* events: the key's full state after the change, with its keyed hash
     * (never the secret) so every service can authenticate it locally.
     */
    public record ApiKeyData(String id, String merchantId, String keyHash, String prefix, String mode,
                             List<String> scopes, Instant expiresAt, Instant revokedAt) {
    }
}
