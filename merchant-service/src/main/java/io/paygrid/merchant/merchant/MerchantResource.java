package io.paygrid.merchant.merchant;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/merchants")
@Produces(MediaType.APPLICATION_JSON)
public class MerchantResource {

    private final MerchantService service;
    private final Caller caller;
    private final IdempotencyService idempotency;

    MerchantResource(MerchantService service, Caller caller, IdempotencyService idempotency) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    /** Idempotency keys of platform-level creations are scoped to the admin who sends them. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.ROLE_ADMIN)
    public Uni<Response> create(@HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
                                @Valid @NotNull CreateMerchantRequest request) {
        return idempotency.executeWithPanache("platform:" + caller.actor(), idempotencyKey, "POST /v1/merchants",
                        idempotency.toJson(request),
                        () -> service.create(caller, request.name(), request.email(), request.businessName(), request.settings())
                                .map(merchant -> IdempotentResponse.created(idempotency.toJson(MerchantView.of(merchant)))))
                .map(IdempotentResponse::toResponse);
    }

    @GET
    @Path("/me")
    @RolesAllowed(Scopes.MERCHANT_READ)
    public Uni<MerchantView> me() {
        return service.get(caller.merchantId()).map(MerchantView::of);
    }

    @PATCH
    @Path("/me")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.MERCHANT_WRITE)
    public Uni<MerchantView> update(@Valid @NotNull UpdateMerchantRequest request) {
        return service.update(caller, caller.merchantId(), new MerchantService.MerchantPatch(request.name(), request.email(),
                request.businessName(), request.settings())).map(MerchantView::of);
    }

    @POST
    @Path("/{id}/deactivate")
    @RolesAllowed(Scopes.ROLE_ADMIN)
    public Uni<MerchantView> deactivate(@PathParam("id") @Pattern(regexp = "mer_[0-9a-z]{26}", message = "must be a merchant id")
                                        String id) {
        return service.deactivate(caller, id).map(MerchantView::of);
    }

    public record CreateMerchantRequest(@NotBlank @Size(max = 200) String name,
                                        @NotBlank @Email @Size(max = 320) String email,
                                        @Size(max = 200) String businessName,
                                        @Valid MerchantSettings settings) {
    }

    /** Only these fields can change: id and status are not settable, so sending them is an unknown field (400). */
    public record UpdateMerchantRequest(@Size(min = 1, max = 200) String name,
                                        @Email @Size(max = 320) String email,
                                        @Size(max = 200) String businessName,
                                        @Valid MerchantSettings settings) {
    }
}
