package io.paygrid.webhook.endpoint;

import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@ApplicationScoped
public class WebhookEndpointRepository {

    private static final String NEWEST_OF_MERCHANT = "SELECT id, merchant_id, url, description, events, status, created_at "
            + "FROM webhook_endpoints WHERE merchant_id = $1 AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3";

    private final ShardRouter router;

    WebhookEndpointRepository(ShardRouter router) {
        this.router = router;
    }

    public Uni<List<WebhookEndpoint>> newestOfMerchant(String merchantId, PageRequest page) {
        Tuple args = Tuple.of(merchantId, page.startingAfter().orElse(null), page.fetchSize());
        return router.poolFor(merchantId).preparedQuery(NEWEST_OF_MERCHANT).execute(args).map(rows -> {
            List<WebhookEndpoint> endpoints = new ArrayList<>();
            for (Row row : rows) {
                endpoints.add(new WebhookEndpoint(row.getString("id"), row.getString("merchant_id"), row.getString("url"),
                        row.getString("description"), Arrays.asList(row.getArrayOfStrings("events")),
                        row.getString("status"), row.getOffsetDateTime("created_at").toInstant()));
            }
            return endpoints;
        });
    }
}
