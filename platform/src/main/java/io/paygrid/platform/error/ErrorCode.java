package io.paygrid.platform.error;

/** A stable machine-readable error code that knows the HTTP status it is answered with. */
public interface ErrorCode {

    /** snake_case code, part of the public contract: never renamed. */
    String code();

    int status();

    /** Short human summary, the problem's {@code title}. */
    String title();
}
