package io.paygrid.payment.payment;

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

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class PaymentRepository {

    private static final String SELECT = "SELECT p.id, p.merchant_id, p.invoice_id, p.mode, p.method, p.network, p.currency, "
            + "p.amount, p.amount_credited, p.status, p.transfer_id, p.tx_hash, p.log_index, p.block_number, p.confirmations, "
            + "p.required_confirmations, p.from_address, p.card_last4, p.card_network, p.vpa, p.error_code, p.late, "
            + "p.detected_at, p.created_at, i.currency AS invoice_currency FROM payments p JOIN invoices i ON i.id = p.invoice_id ";
    private static final String INSERT = "INSERT INTO payments (id, merchant_id, invoice_id, mode, method, network, currency, "
            + "amount, amount_credited, status, transfer_id, tx_hash, log_index, block_number, confirmations, "
            + "required_confirmations, from_address, card_last4, card_network, vpa, error_code, late, detected_at, created_at, "
            + "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
            + "$21, $22, $23, $24, $24)";
    private static final String UPDATE = "UPDATE payments SET status = $2, confirmations = $3, error_code = $4, updated_at = now() "
            + "WHERE id = $1";
    private static final String OF_INVOICE = SELECT + "WHERE p.invoice_id = $1 ORDER BY p.id";
    private static final String BY_TRANSFER = SELECT + "WHERE p.transfer_id = $1 FOR UPDATE OF p";
    private static final String BY_ID = SELECT + "WHERE p.id = $1 AND p.merchant_id = $2 AND ($3::text IS NULL OR p.mode = $3)";
    private static final String LIST = SELECT + "WHERE p.merchant_id = $1 AND ($2::text IS NULL OR p.id < $2) "
            + "AND ($3::text IS NULL OR p.invoice_id = $3) AND ($4::text IS NULL OR i.customer_id = $4) AND p.mode = $6 "
            + "ORDER BY p.id DESC LIMIT $5";

    private final ShardRouter router;

    PaymentRepository(ShardRouter router) {
        this.router = router;
    }

    public Uni<Void> insert(SqlClient tx, Payment p) {
        Tuple row = Tuple.tuple(Arrays.asList(p.id(), p.merchantId(), p.invoiceId(), p.mode(), p.method(), p.network(),
                p.amount().currency(), p.amount().amount(), p.credited().amount(), p.status().api(), p.transferId(),
                p.txHash(), p.logIndex(), p.blockNumber(), p.confirmations(), p.requiredConfirmations(), p.fromAddress(),
                p.cardLast4(), p.cardNetwork(), p.vpa(), p.errorCode(), p.late(), p.detectedAt().atOffset(ZoneOffset.UTC),
                p.createdAt().atOffset(ZoneOffset.UTC)));
        return tx.preparedQuery(INSERT).execute(row).replaceWithVoid();
    }

    public Uni<Void> update(SqlClient tx, Payment p) {
        return tx.preparedQuery(UPDATE).execute(Tuple.of(p.id(), p.status().api(), p.confirmations(), p.errorCode()))
                .replaceWithVoid();
    }

    /** Every payment of the invoice; call with the invoice locked so the set cannot change underneath. */
    public Uni<List<Payment>> ofInvoice(SqlClient tx, String invoiceId) {
        return tx.preparedQuery(OF_INVOICE).execute(Tuple.of(invoiceId)).map(PaymentRepository::toPayments);
    }

    public Uni<Optional<Payment>> lockByTransfer(SqlClient tx, String transferId) {
        return tx.preparedQuery(BY_TRANSFER).execute(Tuple.of(transferId)).map(rows -> toPayments(rows).stream().findFirst());
    }

    /** The merchant's payment of this mode (null: any, for PayGrid's own jobs). */
    public Uni<Payment> find(String merchantId, String mode, String id) {
        return router.poolFor(merchantId).preparedQuery(BY_ID).execute(Tuple.of(id, merchantId, mode))
                .map(rows -> toPayments(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("payment", id)));
    }

    /** Read in the caller's transaction, without a lock (to learn which invoice to lock first). */
    public Uni<Payment> read(SqlClient tx, String merchantId, String id) {
        return tx.preparedQuery(BY_ID).execute(Tuple.of(id, merchantId, null))
                .map(rows -> toPayments(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("payment", id)));
    }

    public Uni<Payment> find(SqlClient tx, String merchantId, String id) {
        return tx.preparedQuery(BY_ID + " FOR UPDATE OF p").execute(Tuple.of(id, merchantId, null))
                .map(rows -> toPayments(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("payment", id)));
    }

    public Uni<List<Payment>> newestOfMerchant(String merchantId, String mode, String invoiceId, String customerId, PageRequest page) {
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, page.startingAfter().orElse(null), invoiceId, customerId,
                page.fetchSize(), mode));
        return router.poolFor(merchantId).preparedQuery(LIST).execute(args).map(PaymentRepository::toPayments);
    }

    private static List<Payment> toPayments(RowSet<Row> rows) {
        List<Payment> payments = new ArrayList<>();
        for (Row row : rows) {
            String invoiceCurrency = row.getString("invoice_currency");
            payments.add(new Payment(row.getString("id"), row.getString("merchant_id"), row.getString("invoice_id"),
                    row.getString("mode"), row.getString("method"), row.getString("network"),
                    new Money(row.getBigDecimal("amount"), row.getString("currency")),
                    new Money(row.getBigDecimal("amount_credited"), invoiceCurrency),
                    PaymentStatus.of(row.getString("status")), row.getString("transfer_id"), row.getString("tx_hash"),
                    row.getLong("log_index"), row.getLong("block_number"), row.getInteger("confirmations"),
                    row.getInteger("required_confirmations"), row.getString("from_address"), row.getString("card_last4"),
                    row.getString("card_network"), row.getString("vpa"), row.getString("error_code"), row.getBoolean("late"),
                    instant(row, "detected_at"), instant(row, "created_at")));
        }
        return payments;
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }
}
