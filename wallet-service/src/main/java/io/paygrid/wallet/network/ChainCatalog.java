package io.paygrid.wallet.network;

import io.paygrid.wallet.config.ChainsConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The networks and currencies PayGrid knows: seeded by migration, with the deployment's configuration
 * ({@code paygrid.chains.*}) applied over them. Loaded once at start; it is small and changes with a deploy.
 */
@ApplicationScoped
public class ChainCatalog {

    private final Pool mainPool;
    private final ChainsConfig config;
    private volatile Map<String, ChainNetwork> networks = Map.of();
    private volatile Map<String, ChainCurrency> currenciesByMethod = Map.of();

    ChainCatalog(Pool mainPool, ChainsConfig config) {
        this.mainPool = mainPool;
        this.config = config;
    }

    /** After Flyway (priority 10 in the shard router) has created the tables. */
    void load(@Observes @Priority(20) StartupEvent start) {
        Map<String, ChainNetwork> loadedNetworks = new LinkedHashMap<>();
        for (Row row : mainPool.query("SELECT * FROM networks ORDER BY id").execute().await().indefinitely()) {
            loadedNetworks.put(row.getString("id"), withSettings(row));
        }
        Map<String, ChainCurrency> loadedCurrencies = new LinkedHashMap<>();
        for (Row row : mainPool.query("SELECT * FROM currencies ORDER BY network, code").execute().await().indefinitely()) {
            ChainCurrency currency = new ChainCurrency(row.getString("network"), row.getString("code"), row.getString("name"),
                    Optional.ofNullable(row.getString("contract_address")), row.getInteger("decimals"));
            loadedCurrencies.put(currency.method(), currency);
        }
        config.networks().forEach((network, chain) -> chain.tokens().forEach((code, token) -> {
            String method = code.toLowerCase(Locale.ROOT) + "-" + network;
            ChainCurrency seeded = loadedCurrencies.get(method);
            Optional<String> contract = token.contract().map(c -> c.toLowerCase(Locale.ROOT))
                    .or(() -> seeded == null ? Optional.empty() : seeded.contract());
            if (!loadedNetworks.containsKey(network) || contract.isEmpty()) {
                Log.warnf("Token %s on %s is configured without a known network or contract address; ignored", code, network);
                return;
            }
            int decimals = token.decimals().orElse(seeded == null ? 18 : seeded.decimals());
            String name = token.name().orElse(seeded == null ? code.toUpperCase(Locale.ROOT) : seeded.name());
            loadedCurrencies.put(method, new ChainCurrency(network, code.toUpperCase(Locale.ROOT), name, contract, decimals));
        }));
        networks = Map.copyOf(loadedNetworks);
        currenciesByMethod = Map.copyOf(loadedCurrencies);
        Log.infof("Chain catalog: %d networks (%s watched), %d currencies", networks.size(),
                networks.values().stream().filter(ChainNetwork::watched).map(ChainNetwork::id).toList(), currenciesByMethod.size());
    }

    private ChainNetwork withSettings(Row row) {
        String id = row.getString("id");
        Optional<ChainsConfig.Chain> chain = Optional.ofNullable(config.networks().get(id));
        return new ChainNetwork(id, row.getString("name"),
                "evm".equals(row.getString("kind")) ? ChainNetwork.Kind.EVM : ChainNetwork.Kind.BITCOIN,
                row.getLong("chain_id"), row.getString("native_currency"),
                chain.map(ChainsConfig.Chain::requiredConfirmations).filter(OptionalInt::isPresent)
                        .map(OptionalInt::getAsInt).orElse(row.getInteger("required_confirmations")),
                row.getBoolean("testnet"),
                chain.flatMap(ChainsConfig.Chain::enabled).orElse(row.getBoolean("enabled")),
                chain.flatMap(ChainsConfig.Chain::rpcUrl).filter(url -> !url.isBlank()),
                chain.flatMap(ChainsConfig.Chain::esploraUrl).filter(url -> !url.isBlank()),
                chain.map(ChainsConfig.Chain::startBlock).orElse(OptionalLong.empty()));
    }

    public List<ChainNetwork> enabledNetworks() {
        return networks.values().stream().filter(ChainNetwork::enabled).sorted(Comparator.comparing(ChainNetwork::id)).toList();
    }

    public Optional<ChainNetwork> network(String id) {
        return Optional.ofNullable(id == null ? null : networks.get(id));
    }

    /** The currencies of enabled networks, by network then code. */
    public List<ChainCurrency> currencies() {
        List<ChainCurrency> all = new ArrayList<>(currenciesByMethod.values());
        all.removeIf(currency -> !network(currency.network()).map(ChainNetwork::enabled).orElse(false));
        all.sort(Comparator.comparing(ChainCurrency::network).thenComparing(ChainCurrency::code));
        return all;
    }

    /** A crypto payment method ({@code eth-devnet}) of an enabled network. */
    public Optional<ChainCurrency> method(String method) {
        return Optional.ofNullable(method == null ? null : currenciesByMethod.get(method.toLowerCase(Locale.ROOT)))
                .filter(currency -> network(currency.network()).map(ChainNetwork::enabled).orElse(false));
    }

    public Optional<ChainCurrency> nativeCurrency(ChainNetwork network) {
        return method(network.nativeCurrency().toLowerCase(Locale.ROOT) + "-" + network.id());
    }

    /** The tokens of a network, by contract address (lower case). */
    public Map<String, ChainCurrency> tokensOf(String network) {
        Map<String, ChainCurrency> tokens = new LinkedHashMap<>();
        currenciesByMethod.values().stream().filter(c -> c.network().equals(network) && c.isToken())
                .forEach(c -> tokens.put(c.contract().orElseThrow(), c));
        return tokens;
    }
}
