package io.paygrid.analytics.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.paygrid.platform.contract.PaymentEvents;
import io.paygrid.platform.contract.WebhookEvents;
import io.paygrid.platform.event.CloudEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which metrics each event type makes: the one mapping from the domain topics to analytics. */
public final class Metrics {

    public static final String INVOICE_CREATED = "invoice_created";
    public static final String INVOICE_PAID = "invoice_paid";
    public static final String PAYMENT_SUCCEEDED = "payment_succeeded";
    public static final String PAYMENT_FAILED = "payment_failed";
    /** A payment reorged away; it also takes back that payment's success, whichever of the two arrives first. */
    public static final String PAYMENT_REVERTED = "payment_reverted";
    public static final String REFUND_SUCCEEDED = "refund_succeeded";
    public static final String WEBHOOK_SUCCEEDED = "webhook_delivery_succeeded";
    public static final String WEBHOOK_FAILED = "webhook_delivery_failed";

    private Metrics() {
    }

    /** The points of one event; empty for a type analytics does not count. */
    public static List<MetricPoint> of(CloudEvent event) {
        JsonNode data = event.data();
        if (data == null || !data.isObject() || event.merchantId() == null) {
            return List.of();
        }
        Instant at = event.time() == null ? Instant.now() : event.time();
        String mode = data.path("livemode").asBoolean(false) ? "live" : "test";
        return switch (event.type()) {
            case "invoice.created" -> List.of(point(event, INVOICE_CREATED, mode, text(data, "currency"), "", null, amount(data, "amount"), at));
            case "invoice.paid" -> List.of(point(event, INVOICE_PAID, mode, text(data, "currency"), "", null, amount(data, "amount"), at));
            case PaymentEvents.PAYMENT_CONFIRMED -> List.of(point(event, PAYMENT_SUCCEEDED, mode, text(data, "currency"),
                    text(data, "method"), text(data, "id"), amount(data, "amount"), at));
            case PaymentEvents.PAYMENT_FAILED -> List.of(point(event, PAYMENT_FAILED, mode, text(data, "currency"),
                    text(data, "method"), text(data, "id"), amount(data, "amount"), at));
            case PaymentEvents.PAYMENT_REVERTED -> List.of(point(event, PAYMENT_REVERTED, mode, text(data, "currency"),
                    text(data, "method"), text(data, "id"), amount(data, "amount"), at));
            case PaymentEvents.REFUND_SUCCEEDED -> List.of(point(event, REFUND_SUCCEEDED, mode, text(data, "currency"),
                    text(data, "method"), text(data, "id"), amount(data, "amount"), at));
            case WebhookEvents.DELIVERY_SUCCEEDED -> List.of(point(event, WEBHOOK_SUCCEEDED, mode, "", "", text(data, "delivery_id"),
                    BigDecimal.valueOf(data.path("duration_ms").asLong()), at));
            case WebhookEvents.DELIVERY_FAILED -> List.of(point(event, WEBHOOK_FAILED, mode, "", "", text(data, "delivery_id"),
                    BigDecimal.valueOf(data.path("duration_ms").asLong()), at));
            default -> List.of();
        };
    }

    /** The payment an event is about, for payment.confirmed and payment.reverted (the pair a reversal joins). */
    public static Optional<String> paymentOf(CloudEvent event) {
        boolean pair = PaymentEvents.PAYMENT_REVERTED.equals(event.type()) || PaymentEvents.PAYMENT_CONFIRMED.equals(event.type());
        return pair && event.data() != null ? Optional.ofNullable(text(event.data(), "id")) : Optional.empty();
    }

    /** The customer of a paid invoice, for unique customers. */
    public static Optional<String> payingCustomer(CloudEvent event) {
        return "invoice.paid".equals(event.type()) && event.data() != null ? Optional.ofNullable(text(event.data(), "customer_id"))
                : Optional.empty();
    }

    public static String modeOf(CloudEvent event) {
        return event.data() != null && event.data().path("livemode").asBoolean(false) ? "live" : "test";
    }

    private static MetricPoint point(CloudEvent event, String metric, String mode, String currency, String method, String subject,
                                     BigDecimal value, Instant at) {
        return new MetricPoint(event.id(), metric, event.merchantId(), mode,
                currency == null ? "" : currency.toUpperCase(Locale.ROOT), method == null ? "" : method, subject, value, 1, at);
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** An amount as the producers write it (a decimal string); a missing or unreadable one counts as zero. */
    private static BigDecimal amount(JsonNode data, String field) {
        String text = text(data, field);
        if (text == null) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }
}
