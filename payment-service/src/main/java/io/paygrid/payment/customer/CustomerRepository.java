package io.paygrid.payment.customer;

import com.fasterxml.jackson.core.type.TypeReference;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class CustomerRepository {

    private static final String COLUMNS = "id, email, name, metadata::text AS metadata, created_at";
    /* One customer per merchant, mode and email (case-insensitive); a name given later fills in a missing one. */
    private static final String UPSERT = "INSERT INTO customers AS c (id, merchant_id, mode, email, name, metadata, created_at, "
            + "updated_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, now(), now()) "
            + "ON CONFLICT (merchant_id, mode, lower(email)) DO UPDATE SET name = COALESCE(c.name, EXCLUDED.name), updated_at = now() "
            + "RETURNING " + COLUMNS;
    private static final String FIND = "SELECT " + COLUMNS + " FROM customers WHERE id = $1 AND merchant_id = $2 AND mode = $3";
    private static final String LIST = "SELECT " + COLUMNS + " FROM customers WHERE merchant_id = $1 AND mode = $5 "
            + "AND ($2::text IS NULL OR id < $2) AND ($3::text IS NULL OR lower(email) = lower($3)) ORDER BY id DESC LIMIT $4";
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final ShardRouter router;

    CustomerRepository(ShardRouter router) {
        this.router = router;
    }

    public Uni<String> upsertByEmail(SqlClient tx, String merchantId, String mode, String email, String name) {
        return upsert(tx, merchantId, mode, email, name, Map.of()).map(Customer::id);
    }

    /** The merchant's customer with this email in this mode ({@code test} or {@code live}), made if there is none. */
    public Uni<Customer> upsert(SqlClient tx, String merchantId, String mode, String email, String name, Map<String, Object> metadata) {
        Tuple row = Tuple.tuple(Arrays.asList(Ids.newId(IdPrefix.CUSTOMER), merchantId, mode, email, name,
                EventJson.writeValue(metadata)));
        return tx.preparedQuery(UPSERT).execute(row).map(rows -> toCustomers(rows).get(0));
    }

    /** The customer, if it is this merchant's in this mode; a 404 otherwise. */
    public Uni<Customer> find(String merchantId, String mode, String id) {
        return router.poolFor(merchantId).preparedQuery(FIND).execute(Tuple.of(id, merchantId, mode))
                .map(rows -> toCustomers(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("customer", id)));
    }

    public Uni<List<Customer>> newestOfMerchant(String merchantId, String mode, String email, PageRequest page) {
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, page.startingAfter().orElse(null), email, page.fetchSize(), mode));
        return router.poolFor(merchantId).preparedQuery(LIST).execute(args).map(CustomerRepository::toCustomers);
    }

    private static List<Customer> toCustomers(RowSet<Row> rows) {
        List<Customer> customers = new ArrayList<>();
        for (Row row : rows) {
            OffsetDateTime created = row.getOffsetDateTime("created_at");
            customers.add(new Customer(row.getString("id"), "customer", row.getString("email"), row.getString("name"),
                    EventJson.readValue(row.getString("metadata"), METADATA), created.withOffsetSameInstant(ZoneOffset.UTC).toInstant()));
        }
        return customers;
    }
}
