package io.paygrid.webhook.delivery;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.Set;

@Path("/v1/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private static final Set<String> STATUSES = Set.of("pending", "retrying", "sent", "failed");

    private final DeliveryRepository deliveries;
    private final ShardRouter router;
    private final Caller caller;

    DeliveryResource(DeliveryRepository deliveries, ShardRouter router, Caller caller) {
        this.deliveries = deliveries;
        this.router = router;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    public Uni<Page<DeliveryView>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter,
                                        @QueryParam("endpoint_id") String endpointId, @QueryParam("status") String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "status must be one of " + STATUSES).onField("status");
        }
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.WEBHOOK_DELIVERY);
        return deliveries.newestOfMerchant(caller.merchantId(), caller.mode(), endpointId, status, page)
                .map(rows -> Page.of(rows, page).map(d -> DeliveryView.of(d, null)));
    }

    /** One delivery with every attempt made. */
    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    public Uni<DeliveryView> get(@PathParam("id") String id) {
        String merchantId = caller.merchantId();
        return deliveries.find(merchantId, caller.mode(), id)
                .flatMap(delivery -> deliveries.attempts(merchantId, delivery.id()).map(attempts -> DeliveryView.of(delivery, attempts)));
    }

    /** Sends it again now, whatever became of it: same event, same webhook-id. */
    @POST
    @Path("/{id}/redeliver")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    public Uni<DeliveryView> redeliver(@PathParam("id") String id) {
        String merchantId = caller.merchantId();
        String mode = caller.mode();
        return router.inTransaction(merchantId, tx -> deliveries.find(tx, merchantId, mode, id)
                        .flatMap(delivery -> deliveries.redeliver(tx, delivery.id())))
                .flatMap(ignored -> deliveries.find(merchantId, mode, id)).map(d -> DeliveryView.of(d, null));
    }

    public record DeliveryView(String id, String object, String endpointId, String eventId, String eventType, String status,
                               int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt,
                               List<DeliveryRepository.Attempt> attemptHistory) {
        static DeliveryView of(Delivery d, List<DeliveryRepository.Attempt> attempts) {
            return new DeliveryView(d.id(), "webhook_delivery", d.endpointId(), d.eventId(), d.eventType(), d.status(), d.attempts(),
                    d.nextAttemptAt(), d.lastStatusCode(), d.lastError(), d.createdAt(), attempts);
        }
    }
}
