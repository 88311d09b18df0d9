package io.paygrid.wallet.ledger;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The merchant's balances per currency and the append-only ledger behind each. */
@Path("/v1/wallets")
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    private static final String WALLETS = "SELECT * FROM wallets WHERE merchant_id = $1 ORDER BY network NULLS FIRST, currency";
    private static final String WALLET = "SELECT id FROM wallets WHERE merchant_id = $1 AND id = $2";
    private static final String ENTRIES = "SELECT * FROM ledger_entries WHERE wallet_id = $1 AND merchant_id = $2 "
            + "AND ($3::text IS NULL OR id < $3) ORDER BY id DESC LIMIT $4";

    private final ShardRouter router;
    private final Caller caller;

    WalletResource(ShardRouter router, Caller caller) {
        this.router = router;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.WALLETS_READ)
    public Uni<Page<WalletView>> list() {
        String merchantId = caller.merchantId();
        return router.poolFor(merchantId).preparedQuery(WALLETS).execute(Tuple.of(merchantId)).map(rows -> {
            List<WalletView> wallets = new ArrayList<>();
            rows.forEach(row -> wallets.add(WalletView.of(row)));
            return new Page<>(wallets, false);
        });
    }

    @GET
    @Path("/{id}/ledger")
    @RolesAllowed(Scopes.WALLETS_READ)
    public Uni<Page<EntryView>> ledger(@PathParam("id") String walletId, @QueryParam("limit") Integer limit,
                                       @QueryParam("starting_after") String startingAfter) {
        String merchantId = caller.merchantId();
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.LEDGER_ENTRY);
        if (!Ids.isValid(IdPrefix.WALLET, walletId)) {
            throw DomainException.notFound("wallet", walletId);
        }
        return router.poolFor(merchantId).withConnection(connection -> connection.preparedQuery(WALLET)
                .execute(Tuple.of(merchantId, walletId)).flatMap(found -> {
                    if (found.rowCount() == 0) {
                        return Uni.createFrom().failure(DomainException.notFound("wallet", walletId));
                    }
                    return connection.preparedQuery(ENTRIES)
                            .execute(Tuple.of(walletId, merchantId, page.startingAfter().orElse(null), page.fetchSize()));
                }))
                .map(rows -> {
                    List<EntryView> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(EntryView.of(row)));
                    return Page.of(entries, page);
                });
    }

    public record WalletView(String id, String object, String network, String currency, BigDecimal confirmed,
                             BigDecimal pending, BigDecimal locked, BigDecimal available, Instant updatedAt) {
        static WalletView of(Row row) {
            BigDecimal confirmed = row.getBigDecimal("confirmed").stripTrailingZeros();
            BigDecimal locked = row.getBigDecimal("locked").stripTrailingZeros();
            return new WalletView(row.getString("id"), "wallet", row.getString("network"), row.getString("currency"),
                    confirmed, row.getBigDecimal("pending").stripTrailingZeros(), locked,
                    confirmed.subtract(locked).max(BigDecimal.ZERO), row.getOffsetDateTime("updated_at").toInstant());
        }
    }

    public record EntryView(String id, String object, String walletId, String type, BigDecimal amount, BigDecimal balanceAfter,
                            String reference, Instant createdAt) {
        static EntryView of(Row row) {
            return new EntryView(row.getString("id"), "ledger_entry", row.getString("wallet_id"), row.getString("type"),
                    row.getBigDecimal("amount").stripTrailingZeros(), row.getBigDecimal("balance_after").stripTrailingZeros(),
                    row.getString("reference"), row.getOffsetDateTime("created_at").toInstant());
        }
    }
}
