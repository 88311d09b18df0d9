package io.paygrid.payment.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import io.paygrid.payment.config.PaymentConfig;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/** What a merchant set that an invoice falls back on, from this service's copy of merchant.events.v1. */
@ApplicationScoped
public class MerchantDefaults {

    private static final String SETTINGS = "SELECT settings::text AS settings FROM merchant_replica WHERE merchant_id = $1";

    private final ShardRouter router;
    private final PaymentConfig config;

    MerchantDefaults(ShardRouter router, PaymentConfig config) {
        this.router = router;
        this.config = config;
    }

    public Uni<Settings> of(String merchantId) {
        return router.main().preparedQuery(SETTINGS).execute(Tuple.of(merchantId)).map(rows -> {
            JsonNode settings = rows.rowCount() == 0 ? null : readSettings(rows.iterator().next().getString("settings"));
            if (settings == null) {
                return new Settings(config.defaultExpiryMinutes(), BigDecimal.ZERO, null, null, null);
            }
            int expiry = settings.path("default_expiry_minutes").asInt(config.defaultExpiryMinutes());
            BigDecimal tolerance = settings.hasNonNull("payment_tolerance_percent")
                    ? new BigDecimal(settings.get("payment_tolerance_percent").asText("0")) : BigDecimal.ZERO;
            JsonNode branding = settings.path("branding");
            return new Settings(expiry > 0 ? expiry : config.defaultExpiryMinutes(), tolerance,
                    text(branding, "display_name"), text(branding, "primary_color"), text(branding, "logo_url"));
        });
    }

    private static JsonNode readSettings(String json) {
        return json == null ? null : EventJson.readTree(json);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** The merchant's invoice defaults and checkout branding (any of the branding may be null). */
    public record Settings(int expiryMinutes, BigDecimal tolerancePercent, String displayName, String primaryColor,
                           String logoUrl) {
    }
}
