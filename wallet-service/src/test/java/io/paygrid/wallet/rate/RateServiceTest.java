package io.paygrid.wallet.rate;

import io.paygrid.platform.error.DomainException;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.paygrid.wallet.DevnetTestResource;
import io.paygrid.wallet.WalletFixtures;
import io.paygrid.wallet.config.WalletConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** Quorum rates from real HTTP sources (a loopback server answering with recorded API responses). */
@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(DevnetTestResource.class)
class RateServiceTest {

    @Inject
    Vertx vertx;

    @Inject
    Pool mainPool;

    /** The price APIs' own Vert.x: port 0 on Quarkus' instance would share the port of the service's HTTP server. */
    private Vertx apis;
    private HttpServer server;
    private final AtomicInteger coinbaseCalls = new AtomicInteger();
    private volatile String coinbaseMode = "ok";

    @BeforeEach
    void startPriceApis() {
        String coinbase = WalletFixtures.recorded("coinbase-exchange-rates-ETH.json");
        String coingecko = WalletFixtures.recorded("coingecko-simple-price-ethereum-usd.json");
        apis = Vertx.vertx();
        server = apis.createHttpServer().requestHandler(request -> {
            String uri = request.uri();
            if (uri.startsWith("/coinbase/v2/exchange-rates?currency=ETH")) {
                coinbaseCalls.incrementAndGet();
                switch (coinbaseMode) {
                    case "ok" -> request.response().putHeader("Content-Type", "application/json").endAndForget(coinbase);
                    case "error" -> request.response().setStatusCode(500).endAndForget("oops");
                    default -> { /* never answers: a hung source */ }
                }
            } else if (uri.equals("/coingecko/api/v3/simple/price?ids=ethereum&vs_currencies=usd")) {
                request.response().putHeader("Content-Type", "application/json").endAndForget(coingecko);
            } else if (uri.startsWith("/broken/")) {
                request.response().putHeader("Content-Type", "application/json").endAndForget("{\"data\":");
            } else {
                request.response().setStatusCode(404).endAndForget();
            }
        }).listen(0, "127.0.0.1").await().atMost(Duration.ofSeconds(5));
    }

    @AfterEach
    void stopPriceApis() {
        apis.close().await().atMost(Duration.ofSeconds(5));
    }

    private String url(String prefix) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + prefix;
    }

    private RateService service(Duration maxAge, Duration refresh, RateSource... sources) {
        return new RateService(mainPool, new TestRates(maxAge, refresh, Duration.ofMillis(500)), List.of(sources));
    }

    private RateSource coinbase() {
        return HttpRateSource.coinbase(WebClient.create(vertx), url("coinbase"), 500);
    }

    private RateSource coingecko() {
        return HttpRateSource.coingecko(WebClient.create(vertx), url("coingecko"), 500);
    }

    @Test
    void shouldTakeTheMedianOfTheSourcesAndRecordWhereItCameFrom() {
        RateService rates = service(Duration.ofMinutes(5), Duration.ZERO, coinbase(), coingecko(),
                new FixedRateSource(Map.of("ETH-USD", new BigDecimal("2000.00"))));
        RateQuote quote = rates.quote("eth", "usd").await().atMost(Duration.ofSeconds(10));
        assertThat(quote.rate()).isEqualByComparingTo("2000.00");
        assertThat(quote.sources()).extracting(RateQuote.SourceAnswer::source).containsExactly("coinbase", "coingecko", "fixed");
        assertThat(quote.sources()).extracting(RateQuote.SourceAnswer::rate)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("2001.505"), new BigDecimal("1999.1"), new BigDecimal("2000.00"));
        Row recorded = mainPool.preparedQuery("SELECT base, quote, rate, jsonb_array_length(sources) AS n FROM price_history WHERE id = $1")
                .execute(Tuple.of(quote.id())).await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(recorded.getString("base")).isEqualTo("ETH");
        assertThat(recorded.getBigDecimal("rate")).isEqualByComparingTo("2000.00");
        assertThat(recorded.getInteger("n")).isEqualTo(3);

        RateQuote even = service(Duration.ofMinutes(5), Duration.ZERO, coinbase(), coingecko()).quote("ETH", "USD")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(even.rate()).isEqualByComparingTo("2000.3025");
    }

    @Test
    void shouldQuoteFromTheSourcesThatAnswerWhenOneFailsOrHangs() {
        coinbaseMode = "error";
        assertThat(service(Duration.ofMinutes(5), Duration.ZERO, coinbase(), coingecko()).quote("ETH", "USD")
                .await().atMost(Duration.ofSeconds(10)).rate()).isEqualByComparingTo("1999.1");
        coinbaseMode = "hang";
        RateQuote quote = service(Duration.ofMinutes(5), Duration.ZERO, coinbase(), coingecko(),
                HttpRateSource.coinbase(WebClient.create(vertx), url("broken"), 500)).quote("ETH", "USD")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(quote.sources()).extracting(RateQuote.SourceAnswer::source).containsExactly("coingecko");
    }

    @Test
    void shouldRefuseWithRateUnavailableWhenNoAnswerIsFresh() throws InterruptedException {
        RateService rates = service(Duration.ofMillis(800), Duration.ZERO, coinbase());
        assertThat(rates.quote("ETH", "USD").await().atMost(Duration.ofSeconds(10)).rate()).isEqualByComparingTo("2001.505");
        coinbaseMode = "error";
        assertThat(rates.quote("ETH", "USD").await().atMost(Duration.ofSeconds(10)).rate())
                .as("the last answer is used while it is fresh").isEqualByComparingTo("2001.505");
        Thread.sleep(1000);
        assertThatThrownBy(() -> rates.quote("ETH", "USD").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(DomainException.class).hasMessageContaining("No rate source");
        assertThatThrownBy(() -> rates.quote("ETH", "XAU").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void shouldStopAskingASourceWhoseCircuitIsOpen() {
        coinbaseMode = "error";
        RateService rates = service(Duration.ofMinutes(5), Duration.ZERO, coinbase(), coingecko());
        for (int i = 0; i < 10; i++) {
            assertThat(rates.quote("ETH", "USD").await().atMost(Duration.ofSeconds(10)).rate()).isEqualByComparingTo("1999.1");
        }
        assertThat(coinbaseCalls.get()).isLessThan(10);
    }

    @Test
    void shouldAnswerRatesOnTheApiFromTheConfiguredFixedSource() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("wallets:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/networks");
        given().auth().oauth2(merchant.key()).get("/v1/rates?base=ETH&quote=USD").then().statusCode(200)
                .body("rate", equalTo("2000")).body("base", equalTo("ETH")).body("sources[0].source", equalTo("fixed"));
        given().auth().oauth2(merchant.key()).get("/v1/rates?base=ETH&quote=12").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
        given().auth().oauth2(merchant.key()).get("/v1/rates?base=QQQ&quote=USD").then().statusCode(400)
                .body("code", equalTo("unknown_currency"));
        given().auth().oauth2(merchant.key()).get("/v1/rates?base=ETH&quote=JPY").then().statusCode(503)
                .body("code", equalTo("rate_unavailable"));
    }

    private record TestRates(Duration maxAge, Duration refreshInterval, Duration timeout) implements WalletConfig.Rates {
        @Override
        public List<String> sources() {
            return List.of();
        }

        @Override
        public Map<String, BigDecimal> fixed() {
            return Map.of();
        }

        @Override
        public Duration lockDuration() {
            return Duration.ofMinutes(15);
        }

        @Override
        public String coinbaseUrl() {
            return "";
        }

        @Override
        public String coingeckoUrl() {
            return "";
        }
    }
}
