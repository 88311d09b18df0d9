package io.paygrid.wallet.network;

import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.page.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;

/** The chains and currencies this deployment has enabled: short, fixed lists, so one page holds each. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource {

    private final ChainCatalog catalog;

    NetworkResource(ChainCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("/networks")
    @RolesAllowed(Scopes.WALLETS_READ)
    public Page<NetworkView> networks() {
        return new Page<>(catalog.enabledNetworks().stream().map(NetworkView::of).toList(), false);
    }

    @GET
    @Path("/currencies")
    @RolesAllowed(Scopes.WALLETS_READ)
    public Page<CurrencyView> currencies() {
        return new Page<>(catalog.currencies().stream().map(CurrencyView::of).toList(), false);
    }

    public record NetworkView(String id, String object, String name, String kind, Long chainId, String nativeCurrency,
                              int requiredConfirmations, boolean testnet, boolean watched) {
        static NetworkView of(ChainNetwork network) {
            return new NetworkView(network.id(), "network", network.name(), network.kind().name().toLowerCase(Locale.ROOT),
                    network.chainId(), network.nativeCurrency(), network.requiredConfirmations(), network.testnet(),
                    network.watched());
        }
    }

    public record CurrencyView(String code, String object, String name, String network, String method, String kind,
                               String contractAddress, int decimals) {
        static CurrencyView of(ChainCurrency currency) {
            return new CurrencyView(currency.code(), "currency", currency.name(), currency.network(), currency.method(),
                    currency.isToken() ? "token" : "native", currency.contract().orElse(null), currency.decimals());
        }
    }
}
