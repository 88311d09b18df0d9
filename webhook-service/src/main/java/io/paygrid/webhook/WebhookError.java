package io.paygrid.webhook;

import io.paygrid.platform.error.ErrorCode;

/** webhook-service's refusals. */
public enum WebhookError implements ErrorCode {
    URL_NOT_ALLOWED("url_not_allowed", 422, "The URL is not one webhooks may be sent to."),
    UNKNOWN_EVENT_TYPE("unknown_event_type", 422, "The event type is not one PayGrid sends."),
    INVALID_STATE("invalid_state", 409, "The object's status does not allow this operation.");

    private final String code;
    private final int status;
    private final String title;

    WebhookError(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
