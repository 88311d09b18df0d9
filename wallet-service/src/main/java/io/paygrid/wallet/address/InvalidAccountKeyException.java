package io.paygrid.wallet.address;

/** An extended key that cannot be used for the network; its message is safe to show the merchant. */
public class InvalidAccountKeyException extends RuntimeException {

    public InvalidAccountKeyException(String message) {
        super(message, null, false, false);
    }
}
