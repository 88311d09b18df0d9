package io.paygrid.webhook.endpoint;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.contract.PublicEventTypes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.webhook.WebhookError;
import io.paygrid.webhook.endpoint.WebhookEndpointService.EndpointView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

@Path("/v1/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEndpointResource {

    private final WebhookEndpointRepository endpoints;
    private final WebhookEndpointService service;
    private final IdempotencyService idempotency;
    private final Caller caller;

    WebhookEndpointResource(WebhookEndpointRepository endpoints, WebhookEndpointService service, IdempotencyService idempotency,
                            Caller caller) {
        this.endpoints = endpoints;
        this.service = service;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    public Uni<Response> create(@HeaderParam(IdempotencyService.HEADER) String idempotencyKey, @Valid @NotNull NewEndpoint request) {
        List<String> events = eventTypes(request.events());
        return service.create(caller.merchantId(), caller.mode(), request.url(), events, request.description(), idempotencyKey,
                idempotency.toJson(request)).map(IdempotentResponse::toResponse);
    }

    @GET
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    public Uni<Page<EndpointView>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.WEBHOOK_ENDPOINT);
        return endpoints.newestOfMerchant(caller.merchantId(), caller.mode(), page)
                .map(rows -> Page.of(rows, page).map(e -> EndpointView.of(e, null)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    public Uni<EndpointView> get(@PathParam("id") String id) {
        return endpoints.find(caller.merchantId(), caller.mode(), id).map(e -> EndpointView.of(e, null));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    public Uni<EndpointView> update(@PathParam("id") String id, @Valid @NotNull EndpointChange request) {
        List<String> events = request.events() == null ? null : eventTypes(request.events());
        WebhookEndpointService.Change change = new WebhookEndpointService.Change(request.url(), events, request.description(),
                request.status(), Boolean.TRUE.equals(request.replayMissed()));
        return service.update(caller.merchantId(), caller.mode(), id, change).map(e -> EndpointView.of(e, null));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    public Uni<Map<String, Object>> delete(@PathParam("id") String id) {
        return service.delete(caller.merchantId(), caller.mode(), id)
                .map(ignored -> Map.of("id", id, "object", "webhook_endpoint", "deleted", true));
    }

    /** A new secret, shown once; the old one keeps signing (both signatures are sent) until it expires. */
    @POST
    @Path("/{id}/rotate-secret")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    public Uni<EndpointView> rotateSecret(@PathParam("id") String id, @Valid RotateSecret request) {
        return service.rotateSecret(caller.merchantId(), caller.mode(), id, request == null ? null : request.expireOldInMinutes());
    }

    /** Distinct event types PayGrid sends, or {@code *}. */
    static List<String> eventTypes(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "events must list at least one event type, or \"*\".")
                    .onField("events");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String type : events) {
            if (type == null || !("*".equals(type) || PublicEventTypes.ALL.contains(type))) {
                throw new DomainException(WebhookError.UNKNOWN_EVENT_TYPE, "events: '" + (type == null ? "null"
                        : type.length() > 40 ? type.substring(0, 40) + "…" : type) + "' is not an event type; use one of "
                        + PublicEventTypes.ALL + " or \"*\".").onField("events");
            }
            distinct.add(type);
        }
        return List.copyOf(distinct);
    }

    public record NewEndpoint(@NotBlank @Size(max = 2048) String url, @NotNull @Size(min = 1, max = 20) List<String> events,
                              @Size(max = 500) String description) {
    }

    public record EndpointChange(@Size(max = 2048) String url, @Size(min = 1, max = 20) List<String> events,
                                 @Size(max = 500) String description,
                                 @Pattern(regexp = "enabled|disabled", message = "must be enabled or disabled") String status,
                                 Boolean replayMissed) {
    }

    public record RotateSecret(@Min(0) @Max(10080) Integer expireOldInMinutes) {
    }
}
