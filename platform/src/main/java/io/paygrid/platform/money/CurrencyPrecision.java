package io.paygrid.platform.money;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many decimal places each currency PayGrid handles allows. Fiat codes follow ISO 4217;
 * crypto assets use their on-chain base unit (wei for ETH, satoshi for BTC, 6 decimals for USDC/USDT).
 */
public final class CurrencyPrecision {

    private static final Map<String, Integer> CRYPTO = Map.of(
            "BTC", 8,
            "ETH", 18,
            "POL", 18,
            "MATIC", 18,
            "BNB", 18,
            "USDC", 6,
            "USDT", 6,
            "DAI", 18);

    private CurrencyPrecision() {
    }

    public static Optional<Integer> decimalsOf(String currency) {
        if (currency == null || currency.isBlank()) {
            return Optional.empty();
        }
        String code = currency.toUpperCase(Locale.ROOT);
        Integer crypto = CRYPTO.get(code);
        if (crypto != null) {
            return Optional.of(crypto);
        }
        if (!code.matches("[A-Z]{3}")) {
            return Optional.empty();
        }
        try {
            int digits = java.util.Currency.getInstance(code).getDefaultFractionDigits();
            return digits < 0 ? Optional.empty() : Optional.of(digits);
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public static boolean isKnown(String currency) {
        return decimalsOf(currency).isPresent();
    }
}
