package io.paygrid.webhook.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.Map;

/** The merchant's events, newest first, in the shape webhooks carry them. */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventRepository events;
    private final Caller caller;

    EventResource(EventRepository events, Caller caller) {
        this.events = events;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    public Uni<Page<EventView>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter,
                                     @QueryParam("type") String type) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.EVENT);
        return events.newestOfMerchant(caller.merchantId(), caller.mode(), type, page).map(rows -> Page.of(rows, page).map(EventView::of));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    public Uni<EventView> get(@PathParam("id") String id) {
        return events.find(caller.merchantId(), caller.mode(), id).map(EventView::of);
    }

    /** {@code {"id", "object": "event", "type", "created", "data": {"object": …}, "livemode"}}. */
    public record EventView(String id, String object, String type, Instant created, Map<String, JsonNode> data, boolean livemode) {
        public static EventView of(MerchantEvent event) {
            return new EventView(event.id(), "event", event.type(), event.createdAt(), Map.of("object", event.data()),
                    "live".equals(event.mode()));
        }
    }
}
