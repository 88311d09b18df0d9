package io.paygrid.wallet.rate;

/** The source does not price this pair: not a failure of the source (its circuit breaker ignores it). */
public class UnknownPairException extends RuntimeException {

    public UnknownPairException(String source, String base, String quote) {
        super(source + " has no rate for " + base + "/" + quote, null, false, false);
    }
}
