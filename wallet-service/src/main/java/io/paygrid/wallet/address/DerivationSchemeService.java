package io.paygrid.wallet.address;

import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.contract.WalletEvents;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.outbox.Outbox;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.wallet.WalletError;
import io.paygrid.wallet.config.WalletConfig;
import io.paygrid.wallet.network.ChainCatalog;
import io.paygrid.wallet.network.ChainNetwork;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Registering a merchant's extended public key, and deriving its addresses into the pool. */
@ApplicationScoped
public class DerivationSchemeService {

    static final String SOURCE = "wallet-service";
    private static final String RETIRE_ACTIVE = "UPDATE derivation_schemes SET retired_at = now() "
            + "WHERE merchant_id = $1 AND network = $2 AND retired_at IS NULL RETURNING id";
    /* Addresses never handed out are dropped with their scheme; leased ones stay watched. */
    private static final String DROP_AVAILABLE = "DELETE FROM addresses WHERE scheme_id = ANY($1) AND status = 'available'";
    /* The same key registered again continues after every index an earlier registration derived. */
    private static final String FIRST_FREE_INDEX = "SELECT COALESCE(max(next_index), 0) AS next FROM derivation_schemes "
            + "WHERE merchant_id = $1 AND network = $2 AND account_key = $3";
    private static final String INSERT = "INSERT INTO derivation_schemes (id, merchant_id, network, account_key, address_type, "
            + "gap_limit, next_index, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    private static final String CLAIM_INDEXES = "UPDATE derivation_schemes SET next_index = next_index + $2 "
            + "WHERE id = $1 RETURNING next_index - $2 AS first";
    private static final String INSERT_ADDRESS = "INSERT INTO addresses (network, address, merchant_id, scheme_id, "
            + "derivation_index, status) VALUES ($1, $2, $3, $4, $5, 'available')";
    private static final String LIST = "SELECT * FROM derivation_schemes WHERE merchant_id = $1 AND retired_at IS NULL ORDER BY network";
    private static final String FIRST_ADDRESSES = "SELECT address FROM addresses WHERE scheme_id = $1 ORDER BY derivation_index LIMIT 3";

    private static final String CLAIM_KEY = "INSERT INTO account_keys (network, first_address, merchant_id) VALUES ($1, $2, $3) "
            + "ON CONFLICT (network, first_address) DO NOTHING";
    private static final String KEY_OWNER = "SELECT merchant_id FROM account_keys WHERE network = $1 AND first_address = $2";

    private final ShardRouter router;
    private final ChainCatalog catalog;
    private final WalletConfig config;

    DerivationSchemeService(ShardRouter router, ChainCatalog catalog, WalletConfig config) {
        this.router = router;
        this.catalog = catalog;
        this.config = config;
    }

    /** Checks the network and key before any transaction; the key is parsed, never logged. */
    public AccountKey validate(String networkId, String accountKey) {
        ChainNetwork network = catalog.network(networkId).filter(ChainNetwork::enabled)
                .orElseThrow(() -> new DomainException(WalletError.UNKNOWN_NETWORK,
                        "Unknown or disabled network '" + networkId + "'.").onField("network"));
        try {
            return AccountKey.parse(accountKey, network);
        } catch (InvalidAccountKeyException e) {
            throw new DomainException(WalletError.INVALID_XPUB, e.getMessage()).onField("xpub");
        }
    }

    /**
     * Claims the key for the merchant across all shards (in the main database, before the shard transaction):
     * a key another merchant registered is refused. Re-registering one's own key is allowed.
     */
    public Uni<Void> claim(String merchantId, String networkId, String accountKey) {
        ChainNetwork network = catalog.network(networkId).orElseThrow();
        String firstAddress = AccountKey.canonical(validate(networkId, accountKey).addressAt(0), network);
        return router.main().preparedQuery(CLAIM_KEY).execute(Tuple.of(networkId, firstAddress, merchantId))
                .flatMap(ignored -> router.main().preparedQuery(KEY_OWNER).execute(Tuple.of(networkId, firstAddress)))
                .map(rows -> {
                    if (!merchantId.equals(rows.iterator().next().getString("merchant_id"))) {
                        throw new DomainException(WalletError.XPUB_IN_USE,
                                "This key is registered by another merchant. Use a separate account key.").onField("xpub");
                    }
                    return null;
                });
    }

    /** In the caller's shard transaction: retire the previous key of the network, register this one, fill its pool. */
    public Uni<DerivationScheme> register(SqlConnection tx, String merchantId, String networkId, String accountKey, int gapLimit) {
        ChainNetwork network = catalog.network(networkId).orElseThrow();
        AccountKey key = validate(networkId, accountKey);
        String id = Ids.newId(IdPrefix.DERIVATION_SCHEME);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String trimmedKey = accountKey.trim();
        return tx.preparedQuery(RETIRE_ACTIVE).execute(Tuple.of(merchantId, networkId))
                .flatMap(retired -> {
                    List<String> ids = new ArrayList<>();
                    retired.forEach(row -> ids.add(row.getString("id")));
                    return ids.isEmpty() ? Uni.createFrom().voidItem()
                            : tx.preparedQuery(DROP_AVAILABLE).execute(Tuple.of(ids.toArray(new String[0]))).replaceWithVoid();
                })
                .flatMap(ignored -> tx.preparedQuery(FIRST_FREE_INDEX).execute(Tuple.of(merchantId, networkId, trimmedKey)))
                .flatMap(rows -> tx.preparedQuery(INSERT).execute(Tuple.tuple(List.of(id, merchantId, networkId, trimmedKey,
                        AccountKey.addressType(network), gapLimit, rows.iterator().next().getInteger("next"),
                        now.atOffset(ZoneOffset.UTC)))))
                .flatMap(inserted -> derive(tx, id, merchantId, network, key, config.poolSize()))
                .flatMap(derived -> tx.preparedQuery(FIRST_ADDRESSES).execute(Tuple.of(id)))
                .map(rows -> {
                    List<String> first = new ArrayList<>();
                    rows.forEach(row -> first.add(display(row.getString("address"), network)));
                    return new DerivationScheme(id, merchantId, networkId, AccountKey.displayPrefix(trimmedKey),
                            AccountKey.addressType(network), gapLimit, config.poolSize(), first, now);
                })
                .call(scheme -> Outbox.append(tx, Topics.WALLET_EVENTS, CloudEvent.of(WalletEvents.DERIVATION_SCHEME_REGISTERED,
                        SOURCE, merchantId, id, EventJson.toTree(new WalletEvents.DerivationSchemeData(id, merchantId, networkId,
                                scheme.accountKeyPrefix(), gapLimit, now)))))
                .onFailure(PgException.class).transform(DerivationSchemeService::keyInUse);
    }

    /**
     * Derives {@code count} more addresses of the scheme into the pool, at indexes claimed under the scheme
     * row's lock, so concurrent derivations never collide. The elliptic-curve work runs on a worker thread,
     * not the event loop. Emits the first new index.
     */
    public Uni<Integer> derive(SqlClient tx, String schemeId, String merchantId, ChainNetwork network, AccountKey key, int count) {
        return tx.preparedQuery(CLAIM_INDEXES).execute(Tuple.of(schemeId, count)).flatMap(rows -> {
            int first = rows.iterator().next().getInteger("first");
            return Uni.createFrom().item(() -> {
                        List<Tuple> batch = new ArrayList<>();
                        for (int index = first; index < first + count; index++) {
                            batch.add(Tuple.of(network.id(), AccountKey.canonical(key.addressAt(index), network), merchantId, schemeId, index));
                        }
                        return batch;
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .flatMap(batch -> tx.preparedQuery(INSERT_ADDRESS).executeBatch(batch))
                    .replaceWith(first);
        });
    }

    public Uni<List<DerivationScheme>> list(String merchantId) {
        return router.poolFor(merchantId).withConnection(connection -> connection.preparedQuery(LIST).execute(Tuple.of(merchantId))
                .flatMap(rows -> {
                    List<Uni<DerivationScheme>> schemes = new ArrayList<>();
                    for (Row row : rows) {
                        schemes.add(connection.preparedQuery(FIRST_ADDRESSES).execute(Tuple.of(row.getString("id")))
                                .map(first -> toScheme(row, first)));
                    }
                    return schemes.isEmpty() ? Uni.createFrom().item(List.<DerivationScheme>of())
                            : Uni.join().all(schemes).andFailFast();
                }));
    }

    private DerivationScheme toScheme(Row row, RowSet<Row> firstRows) {
        ChainNetwork network = catalog.network(row.getString("network")).orElseThrow();
        List<String> first = new ArrayList<>();
        firstRows.forEach(r -> first.add(display(r.getString("address"), network)));
        return new DerivationScheme(row.getString("id"), row.getString("merchant_id"), network.id(),
                AccountKey.displayPrefix(row.getString("account_key")), row.getString("address_type"),
                row.getInteger("gap_limit"), row.getInteger("next_index"), first,
                row.getOffsetDateTime("created_at").toInstant());
    }

    /** How an address is shown: EIP-55 checksummed on EVM chains. */
    public static String display(String storedAddress, ChainNetwork network) {
        return network.kind() == ChainNetwork.Kind.EVM ? Eip55.checksummed(storedAddress) : storedAddress;
    }

    private static Throwable keyInUse(Throwable failure) {
        if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            if ("addresses_pkey".equals(pg.getConstraint())) {
                return new DomainException(WalletError.XPUB_IN_USE,
                        "Addresses of this key are already registered. Use a separate account key.").onField("xpub");
            }
            if ("derivation_schemes_active".equals(pg.getConstraint())) {
                return new DomainException(WalletError.REGISTRATION_IN_PROGRESS,
                        "Another key for this network is being registered at the same time; retry.");
            }
        }
        return failure;
    }
}
