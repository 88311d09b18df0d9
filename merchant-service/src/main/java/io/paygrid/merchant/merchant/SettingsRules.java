package io.paygrid.merchant.merchant;

import io.paygrid.platform.contract.NetworkIds;
import io.paygrid.platform.contract.PublicEventTypes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** The rules of settings that annotations cannot say: known networks and events, literal IPs, sane tolerance. */
final class SettingsRules {

    static final BigDecimal MAX_TOLERANCE_PERCENT = new BigDecimal("50");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]{2,39}(/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))?");

    private SettingsRules() {
    }

    static void check(MerchantSettings settings) {
        if (settings.paymentTolerancePercent() != null
                && new BigDecimal(settings.paymentTolerancePercent()).compareTo(MAX_TOLERANCE_PERCENT) > 0) {
            throw invalid("settings.payment_tolerance_percent", "must be at most " + MAX_TOLERANCE_PERCENT + ".");
        }
        if (settings.confirmations() != null) {
            for (String network : settings.confirmations().keySet()) {
                if (!NetworkIds.ALL.contains(network)) {
                    throw invalid("settings.confirmations", "unknown network '" + shorten(network) + "'; one of " + NetworkIds.ALL);
                }
            }
        }
        if (settings.ipAllowlist() != null) {
            for (String entry : settings.ipAllowlist()) {
                if (!IPV4.matcher(entry).matches() && !(entry.contains(":") && IPV6.matcher(entry).matches())) {
                    throw invalid("settings.ip_allowlist", "'" + shorten(entry) + "' is not an IP address or CIDR range.");
                }
            }
        }
        if (settings.notifications() != null && settings.notifications().events() != null) {
            for (String event : settings.notifications().events()) {
                if (!PublicEventTypes.ALL.contains(event)) {
                    throw invalid("settings.notifications.events", "unknown event type '" + shorten(event) + "'.");
                }
            }
        }
    }

    private static DomainException invalid(String field, String detail) {
        return new DomainException(CommonError.VALIDATION_FAILED, field + " " + detail).onField(field);
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
