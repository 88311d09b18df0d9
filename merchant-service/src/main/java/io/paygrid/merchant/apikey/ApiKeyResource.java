package io.paygrid.merchant.apikey;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeyService service;
    private final Caller caller;
    private final IdempotencyService idempotency;

    ApiKeyResource(ApiKeyService service, Caller caller, IdempotencyService idempotency) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.API_KEYS_WRITE)
    public Uni<Response> create(@HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
                                @Valid @NotNull CreateApiKeyRequest request) {
        List<String> unknown = request.scopes().stream().filter(s -> !Scopes.isKnown(s)).toList();
        if (!unknown.isEmpty()) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "Unknown scope(s): " + String.join(", ", unknown))
                    .onField("scopes");
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "expires_at must be in the future.").onField("expires_at");
        }
        String merchantId = caller.merchantId();
        return idempotency.executeWithPanache(merchantId, idempotencyKey, "POST /v1/api-keys", idempotency.toJson(request),
                        () -> service.create(caller, merchantId, request.name(), request.mode(), request.scopes(), request.expiresAt())
                                .map(issued -> issuedResponse(issued, 201)))
                .map(IdempotentResponse::toResponse);
    }

    /** The secret is in this response only: a replay of it returns the key without its secret, which is never stored. */
    private IdempotentResponse issuedResponse(ApiKey.Issued issued, int status) {
        return new IdempotentResponse(status, idempotency.toJson(ApiKeyView.withSecret(issued)), false,
                idempotency.toJson(ApiKeyView.of(issued.key())));
    }

    @GET
    @RolesAllowed(Scopes.MERCHANT_READ)
    public Uni<Page<ApiKeyView>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.API_KEY);
        return service.list(caller.merchantId(), page).map(keys -> keys.map(ApiKeyView::of));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.API_KEYS_WRITE)
    public Uni<ApiKeyView> revoke(@PathParam("id") String id) {
        return service.revoke(caller, caller.merchantId(), id).map(ApiKeyView::of);
    }

    @POST
    @Path("/{id}/roll")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.API_KEYS_WRITE)
    public Uni<Response> roll(@HeaderParam(IdempotencyService.HEADER) String idempotencyKey, @PathParam("id") String id,
                              @Valid RollRequest request) {
        int minutes = request == null || request.expireOldInMinutes() == null ? 60 : request.expireOldInMinutes();
        String merchantId = caller.merchantId();
        return idempotency.executeWithPanache(merchantId, idempotencyKey, "POST /v1/api-keys/" + id + "/roll",
                        idempotency.toJson(new RollRequest(minutes)),
                        () -> service.roll(caller, merchantId, id, Duration.ofMinutes(minutes))
                                .map(issued -> issuedResponse(issued, 200)))
                .map(IdempotentResponse::toResponse);
    }

    /** How long the old key keeps working beside the new one; 0 ends it at once. */
    public record RollRequest(@Min(0) @Max(10080) Integer expireOldInMinutes) {
    }

    public record CreateApiKeyRequest(@NotBlank @Size(max = 100) String name,
                                      @NotEmpty @Size(max = 20) List<@NotBlank String> scopes,
                                      @NotNull @Pattern(regexp = "test|live", message = "must be test or live") String mode,
                                      Instant expiresAt) {
    }

}
