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

    /** The three facts of an error code. */
    record Definition(String code, int status, String title) {
    }

    /** An error code that holds its {@link Definition}: an enum keeps one field instead of three and their getters. */
    interface Defined extends ErrorCode {

        Definition definition();

        @Override
        default String code() {
            return definition().code();
        }

        @Override
        default int status() {
            return definition().status();
        }

        @Override
        default String title() {
            return definition().title();
        }
    }
}
