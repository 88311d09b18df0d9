package io.paygrid.merchant.merchant;

import java.time.Instant;

/** The API shape of a merchant, also its before/after picture in the audit log. */
public record MerchantView(String id, String object, String name, String email, String businessName, String status,
                           MerchantSettings settings, Instant createdAt, Instant updatedAt) {

    public static MerchantView of(Merchant merchant) {
        return new MerchantView(merchant.id, "merchant", merchant.name, merchant.email, merchant.businessName,
                merchant.status, merchant.settings(), merchant.createdAt, merchant.updatedAt);
    }
}
