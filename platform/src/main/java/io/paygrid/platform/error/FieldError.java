package io.paygrid.platform.error;

public record FieldError(String field, String code, String message) {
}
