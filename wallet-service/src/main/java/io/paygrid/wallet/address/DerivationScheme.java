package io.paygrid.wallet.address;

import java.time.Instant;
import java.util.List;

/** A merchant's registered account key for one network; {@code firstAddresses} let the merchant check it against their wallet. */
public record DerivationScheme(String id, String merchantId, String network, String accountKeyPrefix, String addressType,
                               int gapLimit, int derived, List<String> firstAddresses, Instant createdAt) {
}
