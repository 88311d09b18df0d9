package io.paygrid.platform.error;

/** Errors every service can answer. Services add their own enums implementing {@link ErrorCode}. */
public enum CommonError implements ErrorCode.Defined {
    VALIDATION_FAILED("validation_failed", 400, "The request is not valid."),
    MALFORMED_JSON("malformed_json", 400, "The request body is not valid JSON of the expected shape."),
    INVALID_AMOUNT("invalid_amount", 400, "The amount is not valid."),
    AMOUNT_TOO_PRECISE("amount_too_precise", 422, "The amount has more decimals than the currency allows."),
    UNKNOWN_CURRENCY("unknown_currency", 400, "The currency is not supported."),
    CURRENCY_MISMATCH("currency_mismatch", 422, "The amounts are in different currencies."),
    INVALID_CURSOR("invalid_cursor", 400, "The pagination cursor is not valid."),
    MERCHANT_HEADER_REQUIRED("merchant_header_required", 400, "An admin must name the merchant with the PayGrid-Merchant header."),
    UNAUTHENTICATED("unauthenticated", 401, "A valid API key or token is required."),
    FORBIDDEN("forbidden", 403, "The credentials do not allow this operation."),
    ADDRESS_NOT_ALLOWED("ip_not_allowed", 403, "The request's address is not in the merchant's IP allowlist."),
    NOT_FOUND("resource_not_found", 404, "No such resource."),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "The method is not allowed on this path."),
    NOT_ACCEPTABLE("not_acceptable", 406, "The requested media type cannot be produced."),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "The request's media type is not supported."),
    IDEMPOTENCY_KEY_INVALID("idempotency_key_invalid", 400, "The Idempotency-Key header is not valid."),
    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", 422, "The Idempotency-Key was used with a different request."),
    IDEMPOTENCY_IN_PROGRESS("idempotency_in_progress", 409, "A request with this Idempotency-Key is still being processed."),
    RATE_LIMITED("rate_limited", 429, "Too many requests."),
    SERVICE_UNAVAILABLE("service_unavailable", 503, "A dependency is temporarily unavailable."),
    INTERNAL("internal_error", 500, "An unexpected error occurred.");

    private final Definition definition;

    CommonError(String code, int status, String title) {
        this.definition = new Definition(code, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    @Override
    public boolean retryable() {
        return this == IDEMPOTENCY_IN_PROGRESS || this == RATE_LIMITED || status() >= 500;
    }
}
