package io.paygrid.wallet.rate;

import io.smallrye.mutiny.Uni;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** Rates from configuration ({@code paygrid.wallet.rates.fixed.ETH-USD=2000}): tests, local runs, pegged pairs. */
public class FixedRateSource implements RateSource {

    private final Map<String, BigDecimal> rates;

    public FixedRateSource(Map<String, BigDecimal> rates) {
        this.rates = Map.copyOf(rates);
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public Uni<BigDecimal> fetch(String base, String quote) {
        BigDecimal rate = rates.get((base + "-" + quote).toUpperCase(Locale.ROOT));
        return rate == null
                ? Uni.createFrom().failure(new UnknownPairException(name(), base, quote))
                : Uni.createFrom().item(rate);
    }
}
