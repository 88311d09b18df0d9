package io.paygrid.wallet.network;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/** A currency on one network: its native coin or an ERC-20 token (contract address in lower case). */
public record ChainCurrency(String network, String code, String name, Optional<String> contract, int decimals) {

    /** The most decimals an amount due is quoted with: on-chain precision, but never more than 8. */
    public static final int MAX_QUOTE_DECIMALS = 8;

    public boolean isToken() {
        return contract.isPresent();
    }

    /** The payment method id of API.md: {@code usdc-ethereum}. */
    public String method() {
        return code.toLowerCase(Locale.ROOT) + "-" + network;
    }

    public int quoteDecimals() {
        return Math.min(decimals, MAX_QUOTE_DECIMALS);
    }

    /** Base units (wei, satoshi, token units) as an amount of this currency. */
    public BigDecimal fromBaseUnits(BigInteger units) {
        return new BigDecimal(units, decimals);
    }

    /** This amount in base units; it must not be more precise than the currency. */
    public BigInteger toBaseUnits(BigDecimal amount) {
        return amount.setScale(decimals, RoundingMode.UNNECESSARY).unscaledValue();
    }
}
