package io.paygrid.payment.refund;

import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.money.Money;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@ApplicationScoped
public class RefundRepository {

    private static final String COLUMNS = "id, merchant_id, invoice_id, mode, amount, currency, method, network, payout_currency, "
            + "payout_amount, destination_address, tx_hash, reason, status, error_code, created_at";
    private static final String INSERT = "INSERT INTO refunds (" + COLUMNS + ", updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
            + "$8, $9, $10, $11, $12, $13, $14, $15, $16, $16)";
    private static final String UPDATE = "UPDATE refunds SET status = $2, tx_hash = $3, error_code = $4, updated_at = now() WHERE id = $1";
    /* Everything not failed is spoken for: pending and processing refunds count against what is left. */
    private static final String COMMITTED = "SELECT COALESCE(SUM(amount), 0) AS total FROM refunds WHERE invoice_id = $1 "
            + "AND status <> 'failed'";
    private static final String FIND = "SELECT " + COLUMNS + " FROM refunds WHERE id = $1 AND merchant_id = $2 "
            + "AND ($3::text IS NULL OR mode = $3)";
    private static final String LIST = "SELECT " + COLUMNS + " FROM refunds WHERE merchant_id = $1 "
            + "AND ($2::text IS NULL OR id < $2) AND ($3::text IS NULL OR invoice_id = $3) AND mode = $5 ORDER BY id DESC LIMIT $4";

    private final ShardRouter router;

    RefundRepository(ShardRouter router) {
        this.router = router;
    }

    public Uni<Void> insert(SqlClient tx, Refund r) {
        Tuple row = Tuple.tuple(Arrays.asList(r.id(), r.merchantId(), r.invoiceId(), r.mode(), r.amount().amount(),
                r.amount().currency(), r.method(), r.network(), r.payout().currency(), r.payout().amount(),
                r.destinationAddress(), r.txHash(), r.reason(), r.status().api(), r.errorCode(),
                r.createdAt().atOffset(ZoneOffset.UTC)));
        return tx.preparedQuery(INSERT).execute(row).replaceWithVoid();
    }

    public Uni<Void> update(SqlClient tx, Refund r) {
        return tx.preparedQuery(UPDATE).execute(Tuple.of(r.id(), r.status().api(), r.txHash(), r.errorCode())).replaceWithVoid();
    }

    /** The sum of the invoice's refunds that are not failed; read with the invoice locked. */
    public Uni<BigDecimal> committed(SqlClient tx, String invoiceId) {
        return tx.preparedQuery(COMMITTED).execute(Tuple.of(invoiceId)).map(rows -> rows.iterator().next().getBigDecimal("total"));
    }

    /** The merchant's refund of this mode (null: any, for PayGrid's own jobs). */
    public Uni<Refund> find(String merchantId, String mode, String id) {
        return find(router.poolFor(merchantId), merchantId, mode, id, "");
    }

    /** Read in the caller's transaction, without a lock (to learn which invoice to lock first). */
    public Uni<Refund> read(SqlClient tx, String merchantId, String mode, String id) {
        return find(tx, merchantId, mode, id, "");
    }

    public Uni<Refund> lock(SqlClient tx, String merchantId, String id) {
        return find(tx, merchantId, null, id, " FOR UPDATE");
    }

    private Uni<Refund> find(SqlClient client, String merchantId, String mode, String id, String lock) {
        return client.preparedQuery(FIND + lock).execute(Tuple.of(id, merchantId, mode))
                .map(rows -> toRefunds(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("refund", id)));
    }

    public Uni<List<Refund>> newestOfMerchant(String merchantId, String mode, String invoiceId, PageRequest page) {
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, page.startingAfter().orElse(null), invoiceId, page.fetchSize(), mode));
        return router.poolFor(merchantId).preparedQuery(LIST).execute(args).map(RefundRepository::toRefunds);
    }

    private static List<Refund> toRefunds(RowSet<Row> rows) {
        List<Refund> refunds = new ArrayList<>();
        for (Row row : rows) {
            refunds.add(new Refund(row.getString("id"), row.getString("merchant_id"), row.getString("invoice_id"),
                    row.getString("mode"), new Money(row.getBigDecimal("amount"), row.getString("currency")),
                    row.getString("method"), row.getString("network"),
                    new Money(row.getBigDecimal("payout_amount"), row.getString("payout_currency")),
                    row.getString("destination_address"), row.getString("tx_hash"), row.getString("reason"),
                    RefundStatus.of(row.getString("status")), row.getString("error_code"),
                    row.getOffsetDateTime("created_at").toInstant()));
        }
        return refunds;
    }
}
