package io.paygrid.wallet.rate;

import io.smallrye.mutiny.Uni;

import java.math.BigDecimal;

/** One place to ask for a price: how many {@code quote} units one {@code base} unit costs. */
public interface RateSource {

    String name();

    /** The rate, or a failure (unknown pair, source down, malformed answer). */
    Uni<BigDecimal> fetch(String base, String quote);
}
