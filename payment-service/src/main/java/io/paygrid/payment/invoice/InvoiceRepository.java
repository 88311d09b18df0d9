package io.paygrid.payment.invoice;

import com.fasterxml.jackson.core.type.TypeReference;
import io.paygrid.payment.PaymentError;
import io.paygrid.payment.event.InvoiceHistory;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.money.Money;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardDatabase;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class InvoiceRepository {

    private static final String COLUMNS = "id, merchant_id, mode, status, exception, amount, currency, amount_paid, "
            + "amount_confirmed, amount_refunded, order_id, description, metadata::text AS metadata, customer_id, "
            + "payment_methods, tolerance_percent, redirect_url, note, expires_at, created_at, paid_at, version";
    private static final String INSERT = "INSERT INTO invoices (id, merchant_id, mode, status, exception, amount, currency, "
            + "order_id, description, metadata, customer_id, payment_methods, tolerance_percent, redirect_url, expires_at, "
            + "created_at, updated_at, version) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11, $12, $13, $14, $15, $16, $16, $17)";
    private static final String INSERT_OPTION = "INSERT INTO payment_options (invoice_id, method, merchant_id, network, "
            + "currency, address, amount, rate, rate_id, rate_expires_at, payment_uri, required_confirmations, lease_id) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    /* A caller sees only its own mode's invoices ($3: test or live); PayGrid's own jobs pass null. */
    private static final String FIND = "SELECT " + COLUMNS + " FROM invoices WHERE id = $1 AND merchant_id = $2 "
            + "AND ($3::text IS NULL OR mode = $3)";
    private static final String LOCK = FIND + " FOR UPDATE";
    private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM invoices WHERE id = $1";
    private static final String OPTIONS = "SELECT invoice_id, method, network, currency, address, amount, rate, rate_id, "
            + "rate_expires_at, payment_uri, required_confirmations, lease_id FROM payment_options "
            + "WHERE invoice_id = ANY($1) ORDER BY invoice_id, method";
    private static final String SAVE = "UPDATE invoices SET status = $3, exception = $4, amount_paid = $5, amount_confirmed = $6, "
            + "amount_refunded = $7, note = $8, paid_at = $9, version = $10, updated_at = now() "
            + "WHERE id = $1 AND version = $2";
    private static final String LIST = "SELECT " + COLUMNS + " FROM invoices "
            + "WHERE merchant_id = $1 AND ($2::text IS NULL OR id < $2) AND ($3::text IS NULL OR status = $3) "
            + "AND ($4::text IS NULL OR order_id = $4) "
            + "AND ($5::text IS NULL OR search @@ websearch_to_tsquery('simple', $5)) "
            + "AND ($6::timestamptz IS NULL OR created_at >= $6) AND ($7::timestamptz IS NULL OR created_at < $7) "
            + "AND ($8::text IS NULL OR customer_id = $8) AND mode = $10 "
            + "ORDER BY id DESC LIMIT $9";
    private static final String EXPIRING = "SELECT id, merchant_id FROM invoices "
            + "WHERE status IN ('open', 'processing') AND expires_at <= now() "
            + "AND (status = 'open' OR exception = 'underpaid') ORDER BY expires_at LIMIT $1";
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final ShardRouter router;

    InvoiceRepository(ShardRouter router) {
        this.router = router;
    }

    public Uni<Void> insert(SqlConnection tx, Invoice invoice) {
        Tuple row = Tuple.tuple(Arrays.asList(invoice.id(), invoice.merchantId(), invoice.mode(), invoice.status().api(),
                invoice.exception().api(), invoice.amount().amount(), invoice.currency(), invoice.orderId(),
                invoice.description(), EventJson.writeValue(invoice.metadata()), invoice.customerId(),
                invoice.paymentMethods().toArray(String[]::new), invoice.tolerancePercent(), invoice.redirectUrl(),
                utc(invoice.expiresAt()), utc(invoice.createdAt()), invoice.version()));
        Uni<?> inserted = tx.preparedQuery(INSERT).execute(row);
        if (invoice.options().isEmpty()) {
            return inserted.replaceWithVoid();
        }
        List<Tuple> options = invoice.options().stream().map(o -> Tuple.tuple(Arrays.asList(invoice.id(), o.method(),
                invoice.merchantId(), o.network(), o.currency(), o.address(), o.amount(), o.rate(), o.rateId(),
                utc(o.rateExpiresAt()), o.paymentUri(), o.requiredConfirmations(), o.leaseId()))).toList();
        return inserted.flatMap(ignored -> tx.preparedQuery(INSERT_OPTION).executeBatch(options)).replaceWithVoid();
    }

    /** The merchant's invoice, locked for the rest of the transaction; 404 if the merchant has none with this id. */
    public Uni<Invoice> lock(SqlConnection tx, String merchantId, String id) {
        return lock(tx, merchantId, null, id);
    }

    /** The same, for a caller of one mode: an invoice of the other mode is a 404 like a missing one. */
    public Uni<Invoice> lock(SqlConnection tx, String merchantId, String mode, String id) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(id, merchantId, mode))
                .flatMap(rows -> withOptions(tx, rows))
                .map(found -> found.stream().findFirst().orElseThrow(() -> DomainException.notFound("invoice", id)));
    }

    public Uni<Invoice> find(String merchantId, String mode, String id) {
        SqlClient pool = router.poolFor(merchantId);
        return pool.preparedQuery(FIND).execute(Tuple.of(id, merchantId, mode))
                .flatMap(rows -> withOptions(pool, rows))
                .map(found -> found.stream().findFirst().orElseThrow(() -> DomainException.notFound("invoice", id)));
    }

    /**
     * An invoice found by its id alone (the public checkout page has nothing else): every shard is asked at once.
     * This keeps working when shards are added and merchants move, which an id-to-shard rule would not.
     */
    public Uni<Optional<Invoice>> findAnywhere(String id) {
        List<Uni<List<Invoice>>> lookups = new ArrayList<>();
        for (ShardDatabase shard : router.shards()) {
            lookups.add(shard.pool().preparedQuery(FIND_BY_ID).execute(Tuple.of(id)).flatMap(rows -> withOptions(shard.pool(), rows)));
        }
        return Uni.join().all(lookups).andFailFast()
                .map(found -> found.stream().flatMap(List::stream).findFirst());
    }

    /** Writes the settled invoice if nobody else changed it since it was read (optimistic check on the version). */
    public Uni<Invoice> save(SqlConnection tx, Invoice after, InvoiceHistory history) {
        Tuple row = Tuple.tuple(Arrays.asList(after.id(), history.expectedVersion(), after.status().api(), after.exception().api(),
                after.amountPaid().amount(), after.amountConfirmed().amount(), after.amountRefunded().amount(), after.note(),
                after.paidAt() == null ? null : utc(after.paidAt()), history.newVersion()));
        return tx.preparedQuery(SAVE).execute(row).map(updated -> {
            if (updated.rowCount() != 1) {
                throw new DomainException(PaymentError.CONCURRENT_UPDATE, "Invoice " + after.id() + " changed meanwhile.");
            }
            return withVersion(after, history.newVersion());
        });
    }

    public Uni<List<Invoice>> newestOfMerchant(String merchantId, String mode, InvoiceFilter filter, PageRequest page) {
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, page.startingAfter().orElse(null), filter.status(), filter.orderId(),
                filter.text(), filter.createdGte() == null ? null : utc(filter.createdGte()),
                filter.createdLt() == null ? null : utc(filter.createdLt()), filter.customerId(), page.fetchSize(), mode));
        SqlClient pool = router.poolFor(merchantId);
        return pool.preparedQuery(LIST).execute(args).flatMap(rows -> withOptions(pool, rows));
    }

    /** Invoices on one database that the expiry job should look at: still open (or underpaid) past their expiry. */
    public Uni<List<InvoiceRef>> expiring(SqlClient database, int limit) {
        return database.preparedQuery(EXPIRING).execute(Tuple.of(limit)).map(rows -> {
            List<InvoiceRef> refs = new ArrayList<>();
            rows.forEach(row -> refs.add(new InvoiceRef(row.getString("merchant_id"), row.getString("id"))));
            return refs;
        });
    }

    public record InvoiceRef(String merchantId, String id) {
    }

    public record InvoiceFilter(String status, String orderId, String text, Instant createdGte, Instant createdLt,
                                String customerId) {
    }

    private Uni<List<Invoice>> withOptions(SqlClient client, RowSet<Row> rows) {
        List<Invoice> invoices = new ArrayList<>();
        rows.forEach(row -> invoices.add(toInvoice(row)));
        if (invoices.isEmpty()) {
            return Uni.createFrom().item(invoices);
        }
        String[] ids = invoices.stream().map(Invoice::id).toArray(String[]::new);
        return client.preparedQuery(OPTIONS).execute(Tuple.of(ids)).map(optionRows -> {
            Map<String, List<PaymentOption>> byInvoice = new HashMap<>();
            for (Row row : optionRows) {
                byInvoice.computeIfAbsent(row.getString("invoice_id"), k -> new ArrayList<>()).add(toOption(row));
            }
            return invoices.stream().map(i -> i.withOptions(byInvoice.getOrDefault(i.id(), List.of()).stream()
                    .sorted(java.util.Comparator.comparingInt(o -> i.paymentMethods().indexOf(o.method()))).toList())).toList();
        });
    }

    private static PaymentOption toOption(Row row) {
        return new PaymentOption(row.getString("method"), row.getString("network"), row.getString("currency"),
                row.getString("address"), row.getBigDecimal("amount"), row.getBigDecimal("rate"), row.getString("rate_id"),
                row.getOffsetDateTime("rate_expires_at").toInstant(), row.getString("payment_uri"),
                row.getInteger("required_confirmations"), row.getString("lease_id"));
    }

    private static Invoice toInvoice(Row row) {
        String currency = row.getString("currency");
        OffsetDateTime paidAt = row.getOffsetDateTime("paid_at");
        return new Invoice(row.getString("id"), row.getString("merchant_id"), row.getString("mode"),
                InvoiceStatus.of(row.getString("status")), ExceptionStatus.of(row.getString("exception")),
                new Money(row.getBigDecimal("amount"), currency),
                new Money(row.getBigDecimal("amount_paid"), currency),
                new Money(row.getBigDecimal("amount_confirmed"), currency),
                new Money(row.getBigDecimal("amount_refunded"), currency),
                row.getString("order_id"), row.getString("description"),
                EventJson.readValue(row.getString("metadata"), METADATA), row.getString("customer_id"),
                List.of(row.getArrayOfStrings("payment_methods")), row.getBigDecimal("tolerance_percent"),
                row.getString("redirect_url"), row.getString("note"),
                row.getOffsetDateTime("expires_at").toInstant(), row.getOffsetDateTime("created_at").toInstant(),
                paidAt == null ? null : paidAt.toInstant(), row.getLong("version"), List.of());
    }

    private static Invoice withVersion(Invoice invoice, long version) {
        return new Invoice(invoice.id(), invoice.merchantId(), invoice.mode(), invoice.status(), invoice.exception(),
                invoice.amount(), invoice.amountPaid(), invoice.amountConfirmed(), invoice.amountRefunded(), invoice.orderId(),
                invoice.description(), invoice.metadata(), invoice.customerId(), invoice.paymentMethods(),
                invoice.tolerancePercent(), invoice.redirectUrl(), invoice.note(), invoice.expiresAt(), invoice.createdAt(),
                invoice.paidAt(), version, invoice.options());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
