package io.paygrid.wallet.rate;

import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.money.CurrencyPrecision;
import io.paygrid.wallet.network.ChainCatalog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

@Path("/v1/rates")
@Produces(MediaType.APPLICATION_JSON)
public class RateResource {

    private final RateService rates;
    private final ChainCatalog catalog;

    RateResource(RateService rates, ChainCatalog catalog) {
        this.rates = rates;
        this.catalog = catalog;
    }

    @GET
    @RolesAllowed(Scopes.WALLETS_READ)
    public Uni<RateView> rate(@QueryParam("base") String base, @QueryParam("quote") String quote) {
        requireCode("base", base);
        requireCode("quote", quote);
        return rates.quote(base, quote).map(RateView::of);
    }

    /** A currency PayGrid knows: a coin or token of the catalog, or a currency amounts can be written in. */
    private void requireCode(String field, String value) {
        if (value == null || !value.matches("[A-Za-z]{3,5}")) {
            throw new DomainException(CommonError.VALIDATION_FAILED, field + " must be a currency code such as ETH or USD.")
                    .onField(field);
        }
        String code = value.toUpperCase(Locale.ROOT);
        boolean known = CurrencyPrecision.isKnown(code) || catalog.currencies().stream().anyMatch(c -> c.code().equals(code));
        if (!known) {
            throw new DomainException(CommonError.UNKNOWN_CURRENCY, "Currency '" + code + "' is not supported.").onField(field);
        }
    }

    public record RateView(String id, String object, String base, String quote, BigDecimal rate, Instant createdAt,
                           List<RateQuote.SourceAnswer> sources) {
        static RateView of(RateQuote quote) {
            return new RateView(quote.id(), "rate", quote.base(), quote.quote(), quote.rate(), quote.createdAt(), quote.sources());
        }
    }
}
