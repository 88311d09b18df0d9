package io.paygrid.merchant.user;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Platform admins say which dashboard users (OIDC subjects with role {@code merchant}) act for a merchant. */
@Path("/v1/merchants/{id}/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.ROLE_ADMIN)
public class MerchantUserResource {

    private final MerchantUserService service;
    private final Caller caller;

    MerchantUserResource(MerchantUserService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<MerchantUserService.MerchantUserView> link(@PathParam("id") String merchantId, @Valid @NotNull LinkRequest request) {
        return service.link(caller, merchantId, request.subject()).map(MerchantUserService.MerchantUserView::of);
    }

    @DELETE
    @Path("/{subject}")
    @ResponseStatus(204)
    public Uni<Void> unlink(@PathParam("id") String merchantId, @PathParam("subject") String subject) {
        return service.unlink(caller, merchantId, subject);
    }

    public record LinkRequest(@NotBlank @Size(max = 255) String subject) {
    }
}
