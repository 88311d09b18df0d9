package io.paygrid.wallet.rate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A rate PayGrid computed and recorded in price_history ({@code id}); {@code id} is null for the identity
 * rate of a currency against itself, which needs no source.
 */
public record RateQuote(String id, String base, String quote, BigDecimal rate, Instant createdAt, List<SourceAnswer> sources) {

    public record SourceAnswer(String source, BigDecimal rate, Instant observedAt) {
    }
}
