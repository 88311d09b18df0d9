package io.paygrid.webhook;

import io.paygrid.platform.error.ErrorCode;

/** webhook-service's refusals. */
public enum WebhookError implements ErrorCode.Defined {
    URL_NOT_ALLOWED("url_not_allowed", 422, "The URL is not one webhooks may be sent to."),
    UNKNOWN_EVENT_TYPE("unknown_event_type", 422, "The event type is not one PayGrid sends."),
    INVALID_STATE("invalid_state", 409, "The object's status does not allow this operation.");

    private final Definition definition;

    WebhookError(String code, int status, String title) {
        this.definition = new Definition(code, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
