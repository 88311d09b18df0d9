package io.paygrid.analytics.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.PaymentEvents;
import io.paygrid.platform.contract.WebhookEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.money.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
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
    /** API requests of a merchant's keys as one service reports them in batches: value the milliseconds they took. */
    public static final String API_REQUESTS = "api_requests";
    /** The part of those answered with a 4xx. */
    public static final String API_CLIENT_ERRORS = "api_client_errors";
    /** The part of those answered with a 5xx. */
    public static final String API_SERVER_ERRORS = "api_server_errors";
    /** More requests than one service answers between two reports (every 10 s) is not a report but a fault. */
    private static final long MAX_REPORTED_REQUESTS = 1_000_000_000L;

    private Metrics() {
    }

    /** The points of one event; empty for a type analytics does not count. */
    public static List<MetricPoint> of(CloudEvent event) {
        JsonNode data = event.data();
        if (data == null || !data.isObject() || event.merchantId() == null) {
            return List.of();
        }
        if (event.time() == null) {
            throw new IllegalArgumentException("event " + event.id() + " has no time to count it at");
        }
        Instant at = event.time();
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
            // A delivery counts once it is over: sent, or failed for good; an attempt that will be retried is not one.
            case WebhookEvents.DELIVERY_FAILED -> "failed".equals(text(data, "status"))
                    ? List.of(point(event, WEBHOOK_FAILED, mode, "", "", text(data, "delivery_id"),
                    BigDecimal.valueOf(data.path("duration_ms").asLong()), at))
                    : List.of();
            case MerchantEvents.API_REQUESTS_REPORTED -> apiRequests(event, mode);
            default -> List.of();
        };
    }

    /** A batch of API requests: a point for all of them, and one each for those that ended in a 4xx or a 5xx. */
    private static List<MetricPoint> apiRequests(CloudEvent event, String mode) {
        MerchantEvents.ApiRequestsData data = EventJson.fromTree(event.data(), MerchantEvents.ApiRequestsData.class);
        if (data.requests() == null || data.requests().count() <= 0 || data.requests().count() > MAX_REPORTED_REQUESTS) {
            throw new IllegalArgumentException("a report of no requests, or of more than one service can answer");
        }
        long errors = count(data.clientErrors()) + count(data.serverErrors());
        BigDecimal errorMillis = millis(data.clientErrors()).add(millis(data.serverErrors()));
        if (errors > data.requests().count() || data.requests().durationMsSum() == null
                || errorMillis.compareTo(data.requests().durationMsSum()) > 0) {
            throw new IllegalArgumentException("more errors, or longer ones, than requests");
        }
        List<MetricPoint> points = new ArrayList<>();
        String service = data.service() == null ? "" : data.service();
        batch(event, API_REQUESTS, mode, service, data.requests()).ifPresent(points::add);
        batch(event, API_CLIENT_ERRORS, mode, service, data.clientErrors()).ifPresent(points::add);
        batch(event, API_SERVER_ERRORS, mode, service, data.serverErrors()).ifPresent(points::add);
        return points;
    }

    private static long count(MerchantEvents.RequestStats stats) {
        return stats == null ? 0 : stats.count();
    }

    private static BigDecimal millis(MerchantEvents.RequestStats stats) {
        return stats == null || stats.durationMsSum() == null ? BigDecimal.ZERO : stats.durationMsSum();
    }

    private static Optional<MetricPoint> batch(CloudEvent event, String metric, String mode, String service,
                                               MerchantEvents.RequestStats stats) {
        if (stats == null || stats.count() == 0) {
            return Optional.empty();
        }
        BigDecimal sum = stats.durationMsSum();
        BigDecimal min = stats.durationMsMin();
        BigDecimal max = stats.durationMsMax();
        BigDecimal count = BigDecimal.valueOf(stats.count());
        boolean consistent = stats.count() > 0 && sum != null && min != null && max != null && min.signum() >= 0
                && min.compareTo(max) <= 0 && min.multiply(count).compareTo(sum) <= 0 && max.multiply(count).compareTo(sum) >= 0
                && sum.precision() - sum.scale() <= 15;
        if (!consistent) {
            throw new IllegalArgumentException(metric + " figures do not add up");
        }
        return Optional.of(new MetricPoint(event.id(), metric, event.merchantId(), mode, "", service, null, sum, 1, event.time(),
                stats.count(), min, max));
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

    /** An amount as the producers write it: a plain decimal string; anything else makes the event unreadable. */
    private static BigDecimal amount(JsonNode data, String field) {
        String text = text(data, field);
        if (text == null) {
            throw new IllegalArgumentException("no " + field);
        }
        BigDecimal amount;
        try {
            amount = Money.parseAmount(text);
        } catch (RuntimeException notAnAmount) {
            throw new IllegalArgumentException(field + " is not a plain decimal amount");
        }
        if (amount.precision() - amount.scale() > 15) {
            throw new IllegalArgumentException(field + " is too large to count");
        }
        return amount;
    }

    /** The invoice an invoice.paid event is about: counted as paid once, however often it becomes paid. */
    public static Optional<String> paidInvoice(CloudEvent event) {
        return "invoice.paid".equals(event.type()) && event.data() != null ? Optional.ofNullable(text(event.data(), "id"))
                : Optional.empty();
    }
}
