package io.paygrid.platform.support;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.money.Money;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** A small API used only by the platform's tests, to drive authentication and error mapping over HTTP. */
@Path("/test")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    private final Caller caller;

    ProbeResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Path("/whoami")
    @RolesAllowed(Scopes.INVOICES_READ)
    public Map<String, String> whoami() {
        return Map.of("merchant_id", caller.merchantId(), "mode", caller.mode());
    }

    @POST
    @Path("/items")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> create(@Valid @NotNull ItemRequest request) {
        Money money = Money.parse(request.amount(), request.currency());
        return Map.of("amount", money.format(), "currency", money.currency());
    }

    @GET
    @Path("/numbers/{n}")
    public Map<String, Integer> number(@jakarta.ws.rs.PathParam("n") int n, @jakarta.ws.rs.QueryParam("limit") Integer limit) {
        return Map.of("n", n, "limit", limit == null ? 0 : limit);
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("database password is hunter2");
    }

    /** A key's request that fails inside: a 5xx of an authenticated caller. */
    @GET
    @Path("/secured/boom")
    @RolesAllowed(Scopes.INVOICES_READ)
    public String securedBoom() {
        throw new IllegalStateException("secured boom");
    }

    /** A key's request with a parameter of the wrong form: a 4xx of an authenticated caller. */
    @GET
    @Path("/secured/numbers/{n}")
    @RolesAllowed(Scopes.INVOICES_READ)
    public Map<String, Integer> securedNumber(@jakarta.ws.rs.PathParam("n") int n) {
        return Map.of("n", n);
    }

    public record ItemRequest(@NotBlank @Size(max = 20) String itemName, @NotNull String amount, @NotBlank String currency) {
    }
}
