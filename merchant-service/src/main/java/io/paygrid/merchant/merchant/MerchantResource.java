package io.paygrid.merchant.merchant;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Instant;

@Path("/v1/merchants")
@Produces(MediaType.APPLICATION_JSON)
public class MerchantResource {

    private final MerchantService service;
    private final Caller caller;

    MerchantResource(MerchantService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.ROLE_ADMIN)
    @ResponseStatus(201)
    public Uni<MerchantView> create(@Valid @NotNull CreateMerchantRequest request) {
        return service.create(request.name(), request.email(), request.businessName()).map(MerchantView::of);
    }

    @GET
    @Path("/me")
    @RolesAllowed(Scopes.MERCHANT_READ)
    public Uni<MerchantView> me() {
        return service.get(caller.merchantId()).map(MerchantView::of);
    }

    public record CreateMerchantRequest(@NotBlank @Size(max = 200) String name,
                                        @NotBlank @Email @Size(max = 320) String email,
                                        @Size(max = 200) String businessName) {
    }

    public record MerchantView(String id, String object, String name, String email, String businessName, String status,
                               Instant createdAt) {
        static MerchantView of(Merchant merchant) {
            return new MerchantView(merchant.id, "merchant", merchant.name, merchant.email, merchant.businessName,
                    merchant.status, merchant.createdAt);
        }
    }
}
