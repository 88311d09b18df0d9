package io.paygrid.payment.invoice;

import io.paygrid.payment.PaymentError;
import io.paygrid.platform.contract.NetworkIds;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.error.FieldError;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.money.CurrencyPrecision;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of invoice input that annotations cannot say. Every refusal names its field. */
public final class Validation {

    public static final int MAX_METADATA_KEYS = 50;
    public static final int MAX_METADATA_KEY_LENGTH = 40;
    public static final int MAX_METADATA_VALUE_LENGTH = 500;
    public static final int MAX_METHODS = 10;

    /** Networks whose coins are worthless: never accepted on a live invoice. */
    public static final Set<String> TEST_NETWORKS = Set.of("bitcoin-testnet", "sepolia", "devnet");

    private static final Pattern CRYPTO_METHOD = Pattern.compile("([a-z0-9]{2,10})-([a-z0-9-]{2,32})");
    private static final Pattern TOLERANCE = Pattern.compile("(0|[1-9][0-9]?)(\\.[0-9]{1,2})?");

    private Validation() {
    }

    /** Metadata: at most 50 keys of up to 40 characters, values strings, numbers or booleans of up to 500 characters. */
    public static Map<String, Object> metadata(Map<String, Object> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw invalid("metadata", "may have at most " + MAX_METADATA_KEYS + " keys.");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            String key = entry.getKey();
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
                throw invalid("metadata", "keys must be 1 to " + MAX_METADATA_KEY_LENGTH + " printable characters.");
            }
            Object value = entry.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw invalid("metadata." + truncate(key), "must be a string, number or boolean.");
            }
            if (String.valueOf(value).length() > MAX_METADATA_VALUE_LENGTH) {
                throw invalid("metadata." + truncate(key), "must be at most " + MAX_METADATA_VALUE_LENGTH + " characters.");
            }
            checked.put(key, value);
        }
        return checked;
    }

    /** Payment methods: 1 to 10 distinct, each {@code card}, {@code upi} or {@code <currency>-<network>} of a known network. */
    public static List<String> paymentMethods(List<String> methods, String mode) {
        if (methods == null || methods.isEmpty()) {
            throw invalid("payment_methods", "must list at least one payment method.");
        }
        if (methods.size() > MAX_METHODS) {
            throw invalid("payment_methods", "may list at most " + MAX_METHODS + " methods.");
        }
        Set<String> seen = new HashSet<>();
        List<String> checked = new ArrayList<>();
        for (String method : methods) {
            if (method == null) {
                throw invalid("payment_methods", "must not contain null.");
            }
            String normalized = method.toLowerCase(Locale.ROOT);
            if (!seen.add(normalized)) {
                throw invalid("payment_methods", "lists '" + truncate(method) + "' twice.");
            }
            if (InvoiceService.FIAT_TEST_METHODS.contains(normalized)) {
                if (!"test".equals(mode)) {
                    throw new DomainException(PaymentError.PAYMENT_METHOD_UNAVAILABLE,
                            "'" + normalized + "' is a simulated method, offered in test mode only.").onField("payment_methods");
                }
            } else {
                var matcher = CRYPTO_METHOD.matcher(normalized);
                if (!matcher.matches() || !NetworkIds.ALL.contains(matcher.group(2))
                        || !CurrencyPrecision.isKnown(matcher.group(1))) {
                    throw new DomainException(PaymentError.UNKNOWN_PAYMENT_METHOD, "'" + truncate(method)
                            + "' is not a payment method: use card, upi or <currency>-<network> such as eth-ethereum.")
                            .onField("payment_methods");
                }
                if ("live".equals(mode) && TEST_NETWORKS.contains(matcher.group(2))) {
                    throw new DomainException(PaymentError.PAYMENT_METHOD_UNAVAILABLE, "'" + normalized
                            + "' is on a test network, which a live invoice cannot take.").onField("payment_methods");
                }
            }
            checked.add(normalized);
        }
        return checked;
    }

    /** A percentage from 0 to 99.99 with at most two decimals, as a string such as "0.5". */
    public static BigDecimal tolerance(String percent) {
        if (percent == null) {
            return null;
        }
        if (!TOLERANCE.matcher(percent).matches()) {
            throw invalid("payment_tolerance_percent", "must be a percentage from 0 to 99.99 such as \"0.5\".");
        }
        return new BigDecimal(percent);
    }

    /** An absolute http(s) URL without user info, where the checkout page sends the payer afterwards. */
    public static String redirectUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw invalid("redirect_url", "must be an absolute http or https URL without credentials.");
            }
            return url;
        } catch (URISyntaxException e) {
            throw invalid("redirect_url", "is not a valid URL.");
        }
    }

    public static int jsonSize(Object value) {
        return EventJson.writeValue(value).length();
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(CommonError.VALIDATION_FAILED, field + " " + message,
                List.of(new FieldError(field, CommonError.VALIDATION_FAILED.code(), message)));
    }

    private static String truncate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
