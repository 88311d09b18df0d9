package io.paygrid.platform.money;

import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of one currency. Amounts travel as plain decimal strings ("12.50"): no sign, no exponent,
 * no more decimals than the currency allows. Nothing is ever rounded on the way in.
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,35})(\\.[0-9]{1,18})?");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        String code = currency.toUpperCase(Locale.ROOT);
        currency = code;
        int decimals = CurrencyPrecision.decimalsOf(code)
                .orElseThrow(() -> new DomainException(CommonError.UNKNOWN_CURRENCY,
                        "Currency '" + currencyForMessage(code) + "' is not supported."));
        if (amount.signum() < 0) {
            throw new DomainException(CommonError.INVALID_AMOUNT, "Amount must not be negative.");
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > decimals) {
            throw new DomainException(CommonError.AMOUNT_TOO_PRECISE,
                    currency + " allows at most " + decimals + " decimal places.");
        }
    }

    /** Parses an API amount string such as "25.00" for the given currency. */
    public static Money parse(String amount, String currency) {
        return new Money(parseAmount(amount), currency);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** Parses the shape of a decimal string only: digits, at most one point, no sign, no exponent. */
    public static BigDecimal parseAmount(String amount) {
        if (amount == null || amount.isEmpty()) {
            throw new DomainException(CommonError.INVALID_AMOUNT, "Amount is required.");
        }
        if (!PLAIN_DECIMAL.matcher(amount).matches()) {
            throw new DomainException(CommonError.INVALID_AMOUNT,
                    "Amount must be a non-negative decimal string such as \"12.50\", without sign or exponent.");
        }
        return new BigDecimal(amount);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public int decimals() {
        return CurrencyPrecision.decimalsOf(currency).orElseThrow();
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public boolean exceeds(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    /** The API form: plain, at least the currency's usual decimals for fiat, trailing zeros of crypto trimmed. */
    public String format() {
        return format(amount, currency);
    }

    public static String format(BigDecimal amount, String currency) {
        int decimals = CurrencyPrecision.decimalsOf(currency).orElse(18);
        BigDecimal stripped = amount.stripTrailingZeros();
        if (decimals <= 4 && stripped.scale() < decimals && stripped.signum() != 0) {
            stripped = stripped.setScale(decimals);
        }
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0);
        }
        return stripped.toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money other && currency.equals(other.currency) && amount.compareTo(other.amount) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount.stripTrailingZeros(), currency);
    }

    @Override
    public String toString() {
        return format() + " " + currency;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new DomainException(CommonError.CURRENCY_MISMATCH,
                    "Cannot combine " + currency + " with " + other.currency + ".");
        }
    }

    private static String currencyForMessage(String currency) {
        return currency.length() > 12 ? currency.substring(0, 12) + "…" : currency;
    }
}
