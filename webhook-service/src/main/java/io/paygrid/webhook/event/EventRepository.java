package io.paygrid.webhook.event;

import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@ApplicationScoped
public class EventRepository {

    private static final String COLUMNS = "id, merchant_id, mode, type, data::text AS data, created_at";
    private static final String INSERT = "INSERT INTO events (id, merchant_id, mode, type, data, created_at) "
            + "VALUES ($1, $2, $3, $4, $5::text::jsonb, $6) ON CONFLICT (id) DO NOTHING";
    private static final String FIND = "SELECT " + COLUMNS + " FROM events WHERE id = $1 AND merchant_id = $2 AND mode = $3";
    private static final String LIST = "SELECT " + COLUMNS + " FROM events WHERE merchant_id = $1 AND mode = $2 "
            + "AND ($3::text IS NULL OR id < $3) AND ($4::text IS NULL OR type = $4) ORDER BY id DESC LIMIT $5";

    private final ShardRouter router;

    EventRepository(ShardRouter router) {
        this.router = router;
    }

    /** Emits false when the event was already there (a redelivered domain event). */
    public Uni<Boolean> insert(SqlClient tx, MerchantEvent event) {
        Tuple row = Tuple.tuple(Arrays.asList(event.id(), event.merchantId(), event.mode(), event.type(), event.data().toString(),
                event.createdAt().atOffset(ZoneOffset.UTC)));
        return tx.preparedQuery(INSERT).execute(row).map(result -> result.rowCount() == 1);
    }

    public Uni<MerchantEvent> find(String merchantId, String mode, String id) {
        return router.poolFor(merchantId).preparedQuery(FIND).execute(Tuple.of(id, merchantId, mode))
                .map(rows -> toEvents(rows).stream().findFirst().orElseThrow(() -> DomainException.notFound("event", id)));
    }

    public Uni<List<MerchantEvent>> newestOfMerchant(String merchantId, String mode, String type, PageRequest page) {
        Tuple args = Tuple.tuple(Arrays.asList(merchantId, mode, page.startingAfter().orElse(null), type, page.fetchSize()));
        return router.poolFor(merchantId).preparedQuery(LIST).execute(args).map(EventRepository::toEvents);
    }

    static List<MerchantEvent> toEvents(RowSet<Row> rows) {
        List<MerchantEvent> events = new ArrayList<>();
        for (Row row : rows) {
            events.add(new MerchantEvent(row.getString("id"), row.getString("merchant_id"), row.getString("mode"),
                    row.getString("type"), EventJson.readTree(row.getString("data")), row.getOffsetDateTime("created_at").toInstant()));
        }
        return events;
    }
}
