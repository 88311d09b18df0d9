package io.paygrid.analytics.timeseries;

import io.paygrid.analytics.ingest.Metrics;
import io.paygrid.analytics.summary.RollupRepository;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.money.Money;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@Path("/v1/analytics/timeseries")
@Produces(MediaType.APPLICATION_JSON)
public class TimeseriesResource {

    /** The API's metrics and the stored metrics each one reads. */
    static final Map<String, List<String>> METRICS = Map.of(
            "payment_volume", List.of(Metrics.PAYMENT_SUCCEEDED),
            "payment_count", List.of(Metrics.PAYMENT_SUCCEEDED),
            "payment_failures", List.of(Metrics.PAYMENT_FAILED),
            "invoices_created", List.of(Metrics.INVOICE_CREATED),
            "invoices_paid", List.of(Metrics.INVOICE_PAID),
            "refund_volume", List.of(Metrics.REFUND_SUCCEEDED),
            "webhook_deliveries", List.of(Metrics.WEBHOOK_SUCCEEDED, Metrics.WEBHOOK_FAILED),
            // Counts of requests; sum, min, max and avg of their durations in milliseconds.
            "api_requests", List.of(Metrics.API_REQUESTS),
            "api_client_errors", List.of(Metrics.API_CLIENT_ERRORS),
            "api_server_errors", List.of(Metrics.API_SERVER_ERRORS));

    private final RollupRepository rollups;
    private final Caller caller;

    TimeseriesResource(RollupRepository rollups, Caller caller) {
        this.rollups = rollups;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.ANALYTICS_READ)
    public Uni<Timeseries> get(@QueryParam("metric") String metric, @QueryParam("granularity") String granularity,
                               @QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("currency") String currency, @QueryParam("livemode") String livemode) {
        if (metric == null || !METRICS.containsKey(metric)) {
            throw TimeRange.invalid("metric", "metric must be one of " + METRICS.keySet().stream().sorted().toList());
        }
        Granularity unit = parseGranularity(granularity);
        TimeRange range = TimeRange.of(from, to, unit == Granularity.HOUR ? Duration.ofDays(1) : Duration.ofDays(30), unit.maxRange())
                .aligned(unit == Granularity.HOUR ? java.time.temporal.ChronoUnit.HOURS : java.time.temporal.ChronoUnit.DAYS);
        // Webhook deliveries and API requests have no currency; for them the filter means nothing.
        String code = metric.equals("webhook_deliveries") || metric.startsWith("api_") ? null : TimeRange.currency(currency);
        String merchantId = caller.isPlatformWide() ? null : caller.merchantId();
        return rollups.series(merchantId, TimeRange.mode(caller, livemode), METRICS.get(metric), code, unit, range.from(), range.to())
                .map(points -> new Timeseries(metric, unit.sqlUnit(), code,
                        points.stream().map(p -> Bucket.of(p, code)).toList()));
    }

    private static Granularity parseGranularity(String granularity) {
        if (granularity == null || granularity.equals("day")) {
            return Granularity.DAY;
        }
        if (granularity.equals("hour")) {
            return Granularity.HOUR;
        }
        throw TimeRange.invalid("granularity", "granularity must be hour or day.");
    }

    public record Timeseries(String metric, String granularity, String currency, List<Bucket> data) {
    }

    public record Bucket(Instant bucket, long count, String sum, String min, String max, String avg) {
        static Bucket of(TimeseriesPoint point, String currency) {
            return new Bucket(point.bucket(), point.count(), decimal(point.sum(), currency), decimal(point.min(), currency),
                    decimal(point.max(), currency), decimal(point.average(), currency));
        }

        private static String decimal(BigDecimal value, String currency) {
            if (value == null) {
                return null;
            }
            return currency == null ? value.stripTrailingZeros().toPlainString() : Money.format(value, currency);
        }
    }
}
