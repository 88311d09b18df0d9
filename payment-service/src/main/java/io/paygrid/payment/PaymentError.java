package io.paygrid.payment;

import io.paygrid.platform.error.ErrorCode;

/** payment-service's refusals. */
public enum PaymentError implements ErrorCode.Defined {
    INVALID_STATE("invalid_state", 409, "The object's status does not allow this operation."),
    UNKNOWN_PAYMENT_METHOD("unknown_payment_method", 422, "The payment method is not one PayGrid knows."),
    PAYMENT_METHOD_UNAVAILABLE("payment_method_unavailable", 422, "The payment method cannot be offered for this invoice."),
    PAYMENT_METHOD_NOT_OFFERED("payment_method_not_offered", 422, "The invoice does not accept this payment method."),
    TEST_MODE_ONLY("test_mode_only", 403, "Simulated card and UPI payments need a test key and a test invoice."),
    INVALID_CARD("invalid_card", 422, "The card details are not valid."),
    INVALID_VPA("invalid_vpa", 422, "The UPI address is not valid."),
    REFUND_EXCEEDS_PAID("refund_exceeds_paid", 422, "Refunds would exceed what was paid."),
    DESTINATION_REQUIRED("destination_address_required", 422, "A crypto refund needs a destination address."),
    WALLET_UNAVAILABLE("wallet_unavailable", 503, "Addresses and rates cannot be had right now; retry shortly."),
    RATE_UNAVAILABLE("rate_unavailable", 503, "No exchange rate is available right now; retry shortly."),
    CONCURRENT_UPDATE("concurrent_update", 409, "The object changed while this request ran; retry it.");

    private final Definition definition;

    PaymentError(String code, int status, String title) {
        this.definition = new Definition(code, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    @Override
    public boolean retryable() {
        return this == CONCURRENT_UPDATE || status() >= 500;
    }
}
