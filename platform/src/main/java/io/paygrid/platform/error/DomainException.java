package io.paygrid.platform.error;

import java.util.List;

/** Any refusal a service gives on purpose. Rendered as problem+json by {@link ProblemMappers}. */
public class DomainException extends RuntimeException {

    private final transient ErrorCode errorCode;
    private final transient List<FieldError> fieldErrors;

    public DomainException(ErrorCode errorCode, String detail) {
        this(errorCode, detail, List.of());
    }

    public DomainException(ErrorCode errorCode, String detail, List<FieldError> fieldErrors) {
        super(detail, null, false, false);
        this.errorCode = errorCode;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public static DomainException notFound(String what, String id) {
        return new DomainException(CommonError.NOT_FOUND, "No " + what + " with id '" + Problem.truncate(id) + "'.");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** The same error, attributed to one request field. */
    public DomainException onField(String field) {
        return new DomainException(errorCode, getMessage(),
                List.of(new FieldError(field, errorCode.code(), getMessage())));
    }
}
