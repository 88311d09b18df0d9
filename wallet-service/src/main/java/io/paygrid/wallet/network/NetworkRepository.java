package io.paygrid.wallet.network;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class NetworkRepository implements PanacheRepositoryBase<Network, String> {

    public Uni<List<Network>> enabledNetworks() {
        return list("enabled", Sort.ascending("id"), true);
    }
}
