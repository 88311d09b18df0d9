package io.paygrid.merchant.merchant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * A merchant's settings. In a PATCH, a field left out keeps its value; a field given replaces it
 * whole (a map or list is not merged).
 */
public record MerchantSettings(
        @Min(1) @Max(10080) Integer defaultExpiryMinutes,
        @Pattern(regexp = "(0|[1-9][0-9]?)(\\.[0-9]{1,2})?", message = "must be a percentage from 0 to 99.99 such as \"0.5\"")
        String paymentTolerancePercent,
        @Size(max = 20) Map<@NotNull String, @NotNull @Min(1) @Max(1000) Integer> confirmations,
        @Size(max = 50) List<@NotNull @Size(max = 64) String> ipAllowlist,
        @Valid Branding branding,
        @Valid Notifications notifications) {

    public static final MerchantSettings DEFAULTS = new MerchantSettings(15, "0", Map.of(), List.of(),
            new Branding(null, null, null), new Notifications(null, List.of()));

    public record Branding(@Size(max = 100) String displayName,
                           @Pattern(regexp = "#[0-9a-fA-F]{6}", message = "must be a colour such as #1a2b3c") String primaryColor,
                           @Size(max = 2048) @Pattern(regexp = "https://[^\\s]+", message = "must be an https URL") String logoUrl) {
    }

    public record Notifications(@Email @Size(max = 320) String email,
                                @Size(max = 20) List<@NotNull @Size(max = 64) String> events) {
    }

    /** These settings with every field that {@code patch} gives replaced. */
    public MerchantSettings merge(MerchantSettings patch) {
        if (patch == null) {
            return this;
        }
        return new MerchantSettings(
                patch.defaultExpiryMinutes != null ? patch.defaultExpiryMinutes : defaultExpiryMinutes,
                patch.paymentTolerancePercent != null ? patch.paymentTolerancePercent : paymentTolerancePercent,
                patch.confirmations != null ? Map.copyOf(patch.confirmations) : confirmations,
                patch.ipAllowlist != null ? List.copyOf(patch.ipAllowlist) : ipAllowlist,
                patch.branding != null ? patch.branding : branding,
                patch.notifications != null ? patch.notifications : notifications);
    }
}
