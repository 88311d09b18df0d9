package io.paygrid.wallet.rate;

import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.wallet.WalletError;
import io.paygrid.wallet.config.WalletConfig;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exchange rates by quorum: every configured source is asked (each behind its own timeout and circuit
 * breaker), answers older than the staleness bound are dropped, and the median of the rest is the rate.
 * One slow or failing source never blocks a quote while another answers. Each rate used is recorded in
 * price_history, so an invoice's locked rate can be traced to the answers it came from.
 */
@ApplicationScoped
public class RateService {

    private static final String RECORD = "INSERT INTO price_history (id, base, quote, rate, sources, created_at) "
            + "VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)";

    private static final int STORED_SCALE = 18;

    private final Pool mainPool;
    private final WalletConfig.Rates config;
    private final List<GuardedSource> sources;
    private final Map<String, RateQuote.SourceAnswer> lastAnswers = new ConcurrentHashMap<>();
    private final Map<String, RateQuote> currentQuotes = new ConcurrentHashMap<>();

    @Inject
    RateService(Pool mainPool, WalletConfig config, Vertx vertx) {
        this.mainPool = mainPool;
        this.config = config.rates();
        WebClient client = WebClient.create(vertx);
        long timeout = this.config.timeout().toMillis();
        List<GuardedSource> configured = new ArrayList<>();
        for (String name : this.config.sources()) {
            RateSource source = switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "fixed" -> new FixedRateSource(this.config.fixed());
                case "coinbase" -> HttpRateSource.coinbase(client, this.config.coinbaseUrl(), timeout);
                case "coingecko" -> HttpRateSource.coingecko(client, this.config.coingeckoUrl(), timeout);
                default -> throw new IllegalArgumentException("Unknown rate source '" + name + "' in paygrid.wallet.rates.sources");
            };
            configured.add(new GuardedSource(source, guardFor(source)));
        }
        this.sources = List.copyOf(configured);
    }

    /** For tests: the rate service over these sources. */
    RateService(Pool mainPool, WalletConfig.Rates config, List<RateSource> sources) {
        this.mainPool = mainPool;
        this.config = config;
        this.sources = sources.stream().map(s -> new GuardedSource(s, guardFor(s))).toList();
    }

    private TypedGuard<Uni<BigDecimal>> guardFor(RateSource source) {
        return TypedGuard.create(new TypeLiteral<Uni<BigDecimal>>() {
                })
                .withDescription("rate source " + source.name())
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .requestVolumeThreshold(4).failureRatio(0.5).delay(30, ChronoUnit.SECONDS).successThreshold(1)
                .skipOn(UnknownPairException.class)
                .onStateChange(state -> Log.warnf("Rate source %s circuit breaker is now %s", source.name(), state))
                .done()
                .build();
    }

    /** The current rate of {@code base} in {@code quote}, recorded; fails with 503 rate_unavailable if no source answered. */
    public Uni<RateQuote> quote(String base, String quote) {
        String upperBase = base.toUpperCase(Locale.ROOT);
        String upperQuote = quote.toUpperCase(Locale.ROOT);
        Instant now = Instant.now();
        if (upperBase.equals(upperQuote)) {
            return Uni.createFrom().item(new RateQuote(null, upperBase, upperQuote, BigDecimal.ONE, now, List.of()));
        }
        String pair = upperBase + "-" + upperQuote;
        RateQuote current = currentQuotes.get(pair);
        if (current != null && current.createdAt().plus(config.refreshInterval()).isAfter(now)) {
            return Uni.createFrom().item(current);
        }
        List<Uni<RateQuote.SourceAnswer>> asks = sources.stream().map(source -> ask(source, upperBase, upperQuote)).toList();
        return Uni.join().all(asks).andCollectFailures().flatMap(answers -> {
            Instant freshSince = Instant.now().minus(config.maxAge());
            List<RateQuote.SourceAnswer> fresh = answers.stream()
                    .filter(a -> a != null && a.observedAt().isAfter(freshSince)).toList();
            if (fresh.isEmpty()) {
                return Uni.createFrom().failure(new DomainException(WalletError.RATE_UNAVAILABLE,
                        "No rate source has a current rate for " + upperBase + "/" + upperQuote + "."));
            }
            RateQuote computed = new RateQuote(Ids.newId(IdPrefix.RATE), upperBase, upperQuote, median(fresh),
                    Instant.now().truncatedTo(ChronoUnit.MICROS), fresh);
            return record(computed).invoke(() -> currentQuotes.put(pair, computed));
        });
    }

    /** The source's answer now, else its last answer (the caller drops it if stale), else null. */
    private Uni<RateQuote.SourceAnswer> ask(GuardedSource source, String base, String quote) {
        String key = source.source().name() + ":" + base + "-" + quote;
        return source.guard().get(() -> source.source().fetch(base, quote))
                .map(rate -> {
                    RateQuote.SourceAnswer answer = new RateQuote.SourceAnswer(source.source().name(), rate,
                            Instant.now().truncatedTo(ChronoUnit.MICROS));
                    lastAnswers.put(key, answer);
                    return answer;
                })
                .onFailure().recoverWithItem(failure -> {
                    if (!(failure instanceof UnknownPairException)) {
                        Log.warnf("Rate source %s failed for %s/%s: %s", source.source().name(), base, quote, failure.toString());
                    }
                    return lastAnswers.get(key);
                });
    }

    /** The median, to the 18 decimals price_history keeps, so the rate recorded is exactly the rate used. */
    static BigDecimal median(List<RateQuote.SourceAnswer> answers) {
        List<BigDecimal> rates = answers.stream().map(RateQuote.SourceAnswer::rate).sorted(Comparator.naturalOrder()).toList();
        int middle = rates.size() / 2;
        BigDecimal median = rates.size() % 2 == 1
                ? rates.get(middle)
                : rates.get(middle - 1).add(rates.get(middle)).divide(BigDecimal.valueOf(2), MathContext.DECIMAL128);
        return median.scale() > STORED_SCALE ? median.setScale(STORED_SCALE, RoundingMode.HALF_EVEN) : median;
    }

    private Uni<RateQuote> record(RateQuote quote) {
        List<Map<String, Object>> sourcesJson = new ArrayList<>();
        for (RateQuote.SourceAnswer answer : quote.sources()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("source", answer.source());
            entry.put("rate", answer.rate().toPlainString());
            entry.put("observed_at", answer.observedAt().toString());
            sourcesJson.add(entry);
        }
        Tuple row = Tuple.of(quote.id(), quote.base(), quote.quote(), quote.rate(),
                EventJson.toTree(sourcesJson).toString(), quote.createdAt().atOffset(ZoneOffset.UTC));
        return mainPool.preparedQuery(RECORD).execute(row).replaceWith(quote);
    }

    /** How long a rate locked now holds. */
    public Duration lockDuration() {
        return config.lockDuration();
    }

    private record GuardedSource(RateSource source, TypedGuard<Uni<BigDecimal>> guard) {
    }
}
