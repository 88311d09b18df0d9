package io.paygrid.platform.contract;

import java.math.BigDecimal;
import java.time.Instant;

/** The contract of {@code wallet.events.v1}: ledger postings and address-pool facts of wallet-service. */
public final class WalletEvents {

    public static final String LEDGER_ENTRY_POSTED = "wallet.ledger_entry.posted";
    public static final String DERIVATION_SCHEME_REGISTERED = "wallet.derivation_scheme.registered";
    /** More leased-but-unpaid addresses in a row than the merchant's wallet software scans (its gap limit). */
    public static final String GAP_LIMIT_EXCEEDED = "wallet.gap_limit.exceeded";

    private WalletEvents() {
    }

    /** {@code data} of wallet.ledger_entry.posted: the entry and the wallet's balances after it. */
    public record LedgerEntryData(String id, String walletId, String merchantId, String network, String currency,
                                  String type, BigDecimal amount, String reference, BigDecimal confirmed,
                                  BigDecimal pending, BigDecimal locked, Instant createdAt) {
    }

    public record DerivationSchemeData(String id, String merchantId, String network, String accountKeyPrefix,
                                       int gapLimit, Instant createdAt) {
    }

    public record GapLimitData(String merchantId, String network, String schemeId, int unusedRun, int gapLimit) {
    }
}
