package io.paygrid.analytics.summary;

import io.paygrid.analytics.ingest.Metrics;
import io.paygrid.analytics.timeseries.TimeRange;
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
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/analytics/summary}: the caller's figures over a range, or, for an admin naming no merchant, the
 * platform's. Amounts are per currency: {@code payment_volume} and {@code average_amount} need {@code currency},
 * and are also given for every currency in {@code *_by_currency}. The API figures are the requests of the merchant's
 * keys, as the services report them every few seconds, whatever the currency. An empty range gives zeros.
 */
@Path("/v1/analytics/summary")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    private final RollupRepository rollups;
    private final Caller caller;

    SummaryResource(RollupRepository rollups, Caller caller) {
        this.rollups = rollups;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.ANALYTICS_READ)
    public Uni<Summary> summary(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("currency") String currency,
                                @QueryParam("livemode") String livemode) {
        TimeRange range = TimeRange.of(from, to, Duration.ofDays(30), Duration.ofDays(366)).aligned(java.time.temporal.ChronoUnit.HOURS);
        String code = TimeRange.currency(currency);
        String merchantId = caller.isPlatformWide() ? null : caller.merchantId();
        String mode = TimeRange.mode(caller, livemode);
        return rollups.totals(merchantId, mode, range.from(), range.to())
                .flatMap(totals -> rollups.uniqueCustomers(merchantId, mode, range.from(), range.to())
                        .map(customers -> Summary.of(totals, customers, code, range, merchantId == null, "live".equals(mode))));
    }

    public record Summary(String paymentVolume, Map<String, String> paymentVolumeByCurrency, long paymentCount, String successRate,
                          String averageAmount, Map<String, String> averageAmountByCurrency, long uniqueCustomers,
                          long invoicesCreated, long invoicesPaid, String conversionRate, Map<String, String> refundVolumeByCurrency,
                          long webhookDeliveries, String webhookSuccessRate, long apiRequests, String apiClientErrorRate,
                          String apiServerErrorRate, String apiAverageResponseMs, Instant from, Instant to, String currency,
                          boolean platformWide, boolean livemode) {

        static Summary of(List<RollupRepository.Total> totals, long customers, String currency, TimeRange range, boolean platformWide,
                          boolean livemode) {
            Map<String, BigDecimal> volume = new TreeMap<>();
            Map<String, Long> paymentsByCurrency = new TreeMap<>();
            Map<String, BigDecimal> refunds = new TreeMap<>();
            long payments = 0;
            long failed = 0;
            long created = 0;
            long paid = 0;
            long delivered = 0;
            long undelivered = 0;
            long requests = 0;
            long clientErrors = 0;
            long serverErrors = 0;
            BigDecimal requestMillis = BigDecimal.ZERO;
            for (RollupRepository.Total total : totals) {
                boolean inCurrency = currency == null || currency.equals(total.currency());
                switch (total.metric()) {
                    case Metrics.PAYMENT_SUCCEEDED -> {
                        volume.merge(total.currency(), total.sum(), BigDecimal::add);
                        paymentsByCurrency.merge(total.currency(), total.count(), Long::sum);
                        payments += inCurrency ? total.count() : 0;
                    }
                    case Metrics.PAYMENT_FAILED -> failed += inCurrency ? total.count() : 0;
                    case Metrics.INVOICE_CREATED -> created += inCurrency ? total.count() : 0;
                    case Metrics.INVOICE_PAID -> paid += inCurrency ? total.count() : 0;
                    case Metrics.REFUND_SUCCEEDED -> refunds.merge(total.currency(), total.sum(), BigDecimal::add);
                    case Metrics.WEBHOOK_SUCCEEDED -> delivered += total.count();
                    case Metrics.WEBHOOK_FAILED -> undelivered += total.count();
                    case Metrics.API_REQUESTS -> {
                        requests += total.count();
                        requestMillis = requestMillis.add(total.sum());
                    }
                    case Metrics.API_CLIENT_ERRORS -> clientErrors += total.count();
                    case Metrics.API_SERVER_ERRORS -> serverErrors += total.count();
                    default -> {
                    }
                }
            }
            Map<String, String> volumeText = new TreeMap<>();
            Map<String, String> averageText = new TreeMap<>();
            volume.forEach((code, sum) -> {
                volumeText.put(code, amount(sum, code));
                long count = paymentsByCurrency.getOrDefault(code, 0L);
                if (count > 0) {
                    averageText.put(code, amount(sum.divide(BigDecimal.valueOf(count), 18, RoundingMode.HALF_EVEN), code));
                }
            });
            Map<String, String> refundText = new TreeMap<>();
            refunds.forEach((code, sum) -> refundText.put(code, amount(sum, code)));
            String paymentVolume = currency == null ? null : volumeText.getOrDefault(currency, "0");
            String average = currency == null ? null : averageText.getOrDefault(currency, "0");
            return new Summary(paymentVolume, volumeText, payments, rate(payments, payments + failed), average, averageText, customers,
                    created, paid, rate(paid, created), refundText, delivered + undelivered, rate(delivered, delivered + undelivered),
                    requests, rate(clientErrors, requests), rate(serverErrors, requests), millis(requestMillis, requests),
                    range.from(), range.to(), currency, platformWide, livemode);
        }

        /** A share as a decimal string of at most four places ("0.6667"); "0" when there is nothing to divide. */
        static String rate(long part, long whole) {
            if (whole == 0) {
                return "0";
            }
            BigDecimal share = BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
            return (share.scale() < 0 ? share.setScale(0) : share).toPlainString();
        }

        /** The mean of {@code count} durations adding up to {@code total} ms, to the microsecond; "0" for none. */
        static String millis(BigDecimal total, long count) {
            if (count == 0) {
                return "0";
            }
            BigDecimal mean = total.divide(BigDecimal.valueOf(count), 3, RoundingMode.HALF_EVEN).stripTrailingZeros();
            return (mean.scale() < 0 ? mean.setScale(0) : mean).toPlainString();
        }

        private static String amount(BigDecimal value, String currency) {
            try {
                int decimals = Money.zero(currency).decimals();
                return Money.format(value.setScale(Math.max(decimals, 0), RoundingMode.HALF_EVEN), currency);
            } catch (RuntimeException unknownCurrency) {
                return value.stripTrailingZeros().toPlainString();
            }
        }
    }
}
