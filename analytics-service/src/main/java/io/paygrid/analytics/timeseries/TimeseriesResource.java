package io.paygrid.analytics.timeseries;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.money.CurrencyPrecision;
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
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@Path("/v1/analytics/timeseries")
@Produces(MediaType.APPLICATION_JSON)
public class TimeseriesResource {

    static final Set<String> METRICS = Set.of("payment_volume", "payment_count", "invoices_created", "invoices_paid",
            "refund_volume", "webhook_deliveries");

    private final TimeseriesRepository timeseries;
    private final Caller caller;

    TimeseriesResource(TimeseriesRepository timeseries, Caller caller) {
        this.timeseries = timeseries;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.ANALYTICS_READ)
    public Uni<Timeseries> get(@QueryParam("metric") String metric, @QueryParam("granularity") String granularity,
                               @QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("currency") String currency) {
        if (metric == null || !METRICS.contains(metric)) {
            throw invalid("metric", "metric must be one of " + METRICS.stream().sorted().toList());
        }
        Granularity unit = parseGranularity(granularity);
        Instant end = to == null ? Instant.now() : parseInstant("to", to);
        Instant start = from == null ? end.minus(unit == Granularity.HOUR ? Duration.ofDays(1) : Duration.ofDays(30))
                : parseInstant("from", from);
        if (!start.isBefore(end)) {
            throw invalid("from", "from must be before to.");
        }
        if (Duration.between(start, end).compareTo(unit.maxRange()) > 0) {
            throw invalid("from", "A " + unit.sqlUnit() + "ly series covers at most " + unit.maxRange().toDays() + " days.");
        }
        String code = currency == null ? null : currency.toUpperCase(Locale.ROOT);
        if (code != null && !CurrencyPrecision.isKnown(code)) {
            throw invalid("currency", "Currency is not supported.");
        }
        return timeseries.buckets(caller.merchantId(), metric, code, unit, start, end)
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
        throw invalid("granularity", "granularity must be hour or day.");
    }

    private static Instant parseInstant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field, field + " must be an RFC 3339 UTC time such as 2026-01-31T00:00:00Z.");
        }
    }

    private static DomainException invalid(String field, String detail) {
        return new DomainException(CommonError.VALIDATION_FAILED, detail).onField(field);
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
