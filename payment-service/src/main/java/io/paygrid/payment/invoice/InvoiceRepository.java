package io.paygrid.payment.invoice;

import com.fasterxml.jackson.core.type.TypeReference;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.money.Money;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class InvoiceRepository {

    private static final String COLUMNS = "id, merchant_id, mode, status, exception, amount, currency, amount_paid, "
            + "amount_refunded, order_id, description, metadata::text AS metadata, expires_at, created_at";
    private static final String NEWEST_OF_MERCHANT = "SELECT " + COLUMNS + " FROM invoices "
            + "WHERE merchant_id = $1 AND ($2::text IS NULL OR id < $2) AND ($3::text IS NULL OR status = $3) "
            + "AND ($4::text IS NULL OR order_id = $4) ORDER BY id DESC LIMIT $5";
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final ShardRouter router;

    InvoiceRepository(ShardRouter router) {
        this.router = router;
    }

    public Uni<List<Invoice>> newestOfMerchant(String merchantId, String status, String orderId, PageRequest page) {
        Tuple args = Tuple.of(merchantId, page.startingAfter().orElse(null), status, orderId, page.fetchSize());
        return router.poolFor(merchantId).preparedQuery(NEWEST_OF_MERCHANT).execute(args).map(rows -> {
            List<Invoice> invoices = new ArrayList<>();
            for (Row row : rows) {
                invoices.add(toInvoice(row));
            }
            return invoices;
        });
    }

    private static Invoice toInvoice(Row row) {
        String currency = row.getString("currency");
        return new Invoice(row.getString("id"), row.getString("merchant_id"), row.getString("mode"),
                row.getString("status"), row.getString("exception"),
                new Money(row.getBigDecimal("amount"), currency),
                new Money(row.getBigDecimal("amount_paid"), currency),
                new Money(row.getBigDecimal("amount_refunded"), currency),
                row.getString("order_id"), row.getString("description"),
                readMetadata(row.getString("metadata")),
                row.getOffsetDateTime("expires_at").toInstant(), row.getOffsetDateTime("created_at").toInstant());
    }

    private static Map<String, Object> readMetadata(String json) {
        try {
            return EventJson.mapper().readValue(json, METADATA);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored invoice metadata is not JSON", e);
        }
    }
}
