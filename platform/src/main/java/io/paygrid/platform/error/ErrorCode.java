package io.paygrid.platform.error;

/** A stable machine-readable error code that knows the HTTP status it is answered with. */
public interface ErrorCode {

    /** snake_case code, part of the public contract: never renamed. */
    String code();

    int status();

    /** Short human summary, the problem's {@code title}. */
    String title();

    /**
     * The same request may well succeed if simply sent again (a race lost, a dependency down): such an answer
     * is not kept as the answer of an {@code Idempotency-Key}.
     */
    default boolean retryable() {
        return status() >= 500;
    }
}
