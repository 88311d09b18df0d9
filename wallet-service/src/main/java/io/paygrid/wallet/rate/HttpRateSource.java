package io.paygrid.wallet.rate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * A public price API over HTTP. Two are built in: Coinbase's exchange-rates endpoint and CoinGecko's
 * simple price endpoint; their answers are read as exact decimals, never through a double.
 */
public final class HttpRateSource implements RateSource {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** CoinGecko names coins by id, not ticker. */
    private static final Map<String, String> COINGECKO_IDS = Map.of("BTC", "bitcoin", "ETH", "ethereum",
            "USDC", "usd-coin", "USDT", "tether", "POL", "polygon-ecosystem-token", "BNB", "binancecoin");

    private final String name;
    private final WebClient client;
    private final String baseUrl;
    private final long timeoutMillis;

    private HttpRateSource(String name, WebClient client, String baseUrl, long timeoutMillis) {
        this.name = name;
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeoutMillis = timeoutMillis;
    }

    public static HttpRateSource coinbase(WebClient client, String baseUrl, long timeoutMillis) {
        return new HttpRateSource("coinbase", client, baseUrl, timeoutMillis);
    }

    public static HttpRateSource coingecko(WebClient client, String baseUrl, long timeoutMillis) {
        return new HttpRateSource("coingecko", client, baseUrl, timeoutMillis);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Uni<BigDecimal> fetch(String base, String quote) {
        String upperBase = base.toUpperCase(Locale.ROOT);
        String upperQuote = quote.toUpperCase(Locale.ROOT);
        if ("coinbase".equals(name)) {
            return get("/v2/exchange-rates?currency=" + upperBase)
                    .map(body -> positive(body.path("data").path("rates").path(upperQuote), upperBase, upperQuote));
        }
        String id = COINGECKO_IDS.get(upperBase);
        if (id == null) {
            return Uni.createFrom().failure(new UnknownPairException(name, base, quote));
        }
        String lowerQuote = upperQuote.toLowerCase(Locale.ROOT);
        return get("/api/v3/simple/price?ids=" + id + "&vs_currencies=" + lowerQuote)
                .map(body -> positive(body.path(id).path(lowerQuote), upperBase, upperQuote));
    }

    private Uni<JsonNode> get(String pathAndQuery) {
        return client.getAbs(baseUrl + pathAndQuery).timeout(timeoutMillis).putHeader("Accept", "application/json")
                .send()
                .map(this::parse);
    }

    private JsonNode parse(HttpResponse<?> response) {
        if (response.statusCode() == 400 || response.statusCode() == 404) {
            throw new UnknownPairException(name, "the requested", "pair (HTTP " + response.statusCode() + ")");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " answered HTTP " + response.statusCode());
        }
        try {
            return JSON.readTree(response.bodyAsString());
        } catch (IOException e) {
            throw new IllegalStateException(name + " answered something that is not JSON", e);
        }
    }

    private BigDecimal positive(JsonNode value, String base, String quote) {
        if (value.isMissingNode() || value.isNull()) {
            throw new UnknownPairException(name, base, quote);
        }
        BigDecimal rate = value.isTextual() ? new BigDecimal(value.asText()) : value.decimalValue();
        if (rate.signum() <= 0) {
            throw new IllegalStateException(name + " gave a non-positive rate for " + base + "/" + quote);
        }
        return rate;
    }
}
