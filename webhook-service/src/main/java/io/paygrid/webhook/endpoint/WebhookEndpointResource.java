package io.paygrid.webhook.endpoint;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

@Path("/v1/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEndpointResource {

    private final WebhookEndpointRepository endpoints;
    private final Caller caller;

    WebhookEndpointResource(WebhookEndpointRepository endpoints, Caller caller) {
        this.endpoints = endpoints;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    public Uni<Page<WebhookEndpointView>> list(@QueryParam("limit") Integer limit,
                                               @QueryParam("starting_after") String startingAfter) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.WEBHOOK_ENDPOINT);
        return endpoints.newestOfMerchant(caller.merchantId(), page)
                .map(rows -> Page.of(rows, page).map(WebhookEndpointView::of));
    }

    /** The signing secret is never listed: it is shown once, when the endpoint is created or its secret rotated. */
    public record WebhookEndpointView(String id, String object, String url, String description, List<String> events,
                                      String status, Instant createdAt) {
        static WebhookEndpointView of(WebhookEndpoint endpoint) {
            return new WebhookEndpointView(endpoint.id(), "webhook_endpoint", endpoint.url(), endpoint.description(),
                    endpoint.events(), endpoint.status(), endpoint.createdAt());
        }
    }
}
