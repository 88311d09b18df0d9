package io.paygrid.platform.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** RFC 9457 problem details, with PayGrid's stable {@code code} and field errors. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String code, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://docs.paygrid.dev/errors/";

    public static Problem of(ErrorCode error, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + error.code(), error.title(), error.status(), error.code(),
                detail == null ? error.title() : detail, errors == null ? List.of() : errors);
    }

    public static Problem of(ErrorCode error, String detail) {
        return of(error, detail, List.of());
    }

    public Problem withStatus(int newStatus) {
        return new Problem(type, title, newStatus, code, detail, errors);
    }

    /** Echoing user input into a detail: keep it short so a problem never carries a large payload back. */
    static String truncate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
