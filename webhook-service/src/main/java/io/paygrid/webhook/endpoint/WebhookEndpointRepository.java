package io.paygrid.webhook.endpoint;

import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@ApplicationScoped
public class WebhookEndpointRepository {

    private static final String COLUMNS = "id, merchant_id, mode, url, description, events, status, created_at, disabled_reason, "
            + "disabled_at, failing_since, secret_sealed, previous_secret_sealed, previous_secret_expires_at";
    private static final String INSERT = "INSERT INTO webhook_endpoints (id, merchant_id, mode, url, description, events, status, "
            + "secret_sealed, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'enabled', $7, now(), now()) RETURNING " + COLUMNS;
    private static final String FIND = "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = $1 AND merchant_id = $2 "
            + "AND ($3::text IS NULL OR mode = $3)";
    private static final String NEWEST_OF_MERCHANT = "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE merchant_id = $1 "
            + "AND mode = $4 AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3";
    private static final String SUBSCRIBED = "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE merchant_id = $1 AND mode = $2 "
            + "AND status = 'enabled' AND ('*' = ANY(events) OR $3 = ANY(events))";
    private static final String UPDATE = "UPDATE webhook_endpoints SET url = $2, description = $3, events = $4, status = $5, "
            + "disabled_reason = $6, disabled_at = $7, failing_since = $8, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
    private static final String ROTATE = "UPDATE webhook_endpoints SET secret_sealed = $2, previous_secret_sealed = secret_sealed, "
            + "previous_secret_expires_at = $3, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
    private static final String BY_IDS = "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = ANY($1)";
    private static final String DELETE = "DELETE FROM webhook_endpoints WHERE id = $1";
    private static final String FAILING = "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, now()) "
            + "WHERE id = $1 RETURNING " + COLUMNS;
    private static final String HEALTHY = "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL";

    private final ShardRouter router;

    WebhookEndpointRepository(ShardRouter router) {
        this.router = router;
    }

    public Uni<WebhookEndpoint> insert(SqlClient tx, String id, String merchantId, String mode, String url, String description,
                                       List<String> events, String sealedSecret) {
        Tuple row = Tuple.tuple(Arrays.asList(id, merchantId, mode, url, description, events.toArray(String[]::new), sealedSecret));
        return tx.preparedQuery(INSERT).execute(row).map(rows -> toEndpoints(rows).get(0));
    }

    public Uni<WebhookEndpoint> find(SqlClient client, String merchantId, String mode, String id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id, merchantId, mode))
                .map(rows -> toEndpoints(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("webhook endpoint", id)));
    }

    public Uni<WebhookEndpoint> find(String merchantId, String mode, String id) {
        return find(router.poolFor(merchantId), merchantId, mode, id);
    }

    public Uni<List<WebhookEndpoint>> byIds(SqlClient client, List<String> ids) {
        return client.preparedQuery(BY_IDS).execute(Tuple.of(ids.toArray(String[]::new))).map(WebhookEndpointRepository::toEndpoints);
    }

    public Uni<WebhookEndpoint> lock(SqlClient tx, String merchantId, String mode, String id) {
        return tx.preparedQuery(FIND + " FOR UPDATE").execute(Tuple.of(id, merchantId, mode))
                .map(rows -> toEndpoints(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("webhook endpoint", id)));
    }

    public Uni<List<WebhookEndpoint>> newestOfMerchant(String merchantId, String mode, PageRequest page) {
        Tuple args = Tuple.of(merchantId, page.startingAfter().orElse(null), page.fetchSize(), mode);
        return router.poolFor(merchantId).preparedQuery(NEWEST_OF_MERCHANT).execute(args).map(WebhookEndpointRepository::toEndpoints);
    }

    /** The merchant's enabled endpoints of this mode that want events of this type. */
    public Uni<List<WebhookEndpoint>> subscribed(SqlClient tx, String merchantId, String mode, String type) {
        return tx.preparedQuery(SUBSCRIBED).execute(Tuple.of(merchantId, mode, type)).map(WebhookEndpointRepository::toEndpoints);
    }

    public Uni<WebhookEndpoint> update(SqlClient tx, WebhookEndpoint e) {
        Tuple row = Tuple.tuple(Arrays.asList(e.id(), e.url(), e.description(), e.events().toArray(String[]::new), e.status(),
                e.disabledReason(), utc(e.disabledAt()), utc(e.failingSince())));
        return tx.preparedQuery(UPDATE).execute(row).map(rows -> toEndpoints(rows).get(0));
    }

    public Uni<WebhookEndpoint> rotate(SqlClient tx, String id, String sealedSecret, Instant previousExpiresAt) {
        return tx.preparedQuery(ROTATE).execute(Tuple.of(id, sealedSecret, utc(previousExpiresAt))).map(rows -> toEndpoints(rows).get(0));
    }

    public Uni<Void> delete(SqlClient tx, String id) {
        return tx.preparedQuery(DELETE).execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Notes a failed attempt; the endpoint as it is now (failing since the first failure after a success). */
    public Uni<WebhookEndpoint> failing(SqlClient tx, String id) {
        return tx.preparedQuery(FAILING).execute(Tuple.of(id)).map(rows -> toEndpoints(rows).stream().findFirst().orElse(null));
    }

    public Uni<Void> healthy(SqlClient tx, String id) {
        return tx.preparedQuery(HEALTHY).execute(Tuple.of(id)).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static List<WebhookEndpoint> toEndpoints(RowSet<Row> rows) {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        for (Row row : rows) {
            endpoints.add(new WebhookEndpoint(row.getString("id"), row.getString("merchant_id"), row.getString("mode"),
                    row.getString("url"), row.getString("description"), Arrays.asList(row.getArrayOfStrings("events")),
                    row.getString("status"), instant(row, "created_at"), row.getString("disabled_reason"),
                    instant(row, "disabled_at"), instant(row, "failing_since"), row.getString("secret_sealed"),
                    row.getString("previous_secret_sealed"), instant(row, "previous_secret_expires_at")));
        }
        return endpoints;
    }
}
