package io.paygrid.wallet.chain;

/** The node did not answer as expected; the watcher retries on its next tick. */
public class ChainUnavailableException extends RuntimeException {

    public ChainUnavailableException(String message) {
        super(message);
    }
}
