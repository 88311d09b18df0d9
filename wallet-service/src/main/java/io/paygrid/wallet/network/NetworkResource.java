package io.paygrid.wallet.network;

import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.page.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The chains this deployment has enabled: a short, fixed list, so one page holds it all. */
@Path("/v1/networks")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource {

    private final NetworkRepository networks;

    NetworkResource(NetworkRepository networks) {
        this.networks = networks;
    }

    @GET
    @RolesAllowed(Scopes.WALLETS_READ)
    @WithSession
    public Uni<Page<NetworkView>> list() {
        return networks.enabledNetworks().map(rows -> new Page<>(rows.stream().map(NetworkView::of).toList(), false));
    }

    public record NetworkView(String id, String object, String name, String kind, Long chainId, String nativeCurrency,
                              int requiredConfirmations, boolean testnet) {
        static NetworkView of(Network network) {
            return new NetworkView(network.id, "network", network.name, network.kind, network.chainId,
                    network.nativeCurrency, network.requiredConfirmations, network.testnet);
        }
    }
}
