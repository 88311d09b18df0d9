package io.paygrid.merchant.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Instant;
import java.util.List;

@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeyService service;
    private final Caller caller;

    ApiKeyResource(ApiKeyService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.API_KEYS_WRITE)
    @ResponseStatus(201)
    public Uni<ApiKeyView> create(@Valid @NotNull CreateApiKeyRequest request) {
        List<String> unknown = request.scopes().stream().filter(s -> !Scopes.isKnown(s)).toList();
        if (!unknown.isEmpty()) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "Unknown scope(s): " + String.join(", ", unknown))
                    .onField("scopes");
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "expires_at must be in the future.").onField("expires_at");
        }
        return service.create(caller.merchantId(), request.name(), request.mode(), request.scopes(), request.expiresAt())
                .map(issued -> ApiKeyView.of(issued.key(), issued.secret()));
    }

    @GET
    @RolesAllowed(Scopes.MERCHANT_READ)
    public Uni<Page<ApiKeyView>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.API_KEY);
        return service.list(caller.merchantId(), page).map(keys -> keys.map(key -> ApiKeyView.of(key, null)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.API_KEYS_WRITE)
    public Uni<ApiKeyView> revoke(@PathParam("id") String id) {
        return service.revoke(caller.merchantId(), id).map(key -> ApiKeyView.of(key, null));
    }

    public record CreateApiKeyRequest(@NotBlank @Size(max = 100) String name,
                                      @NotEmpty @Size(max = 20) List<@NotBlank String> scopes,
                                      @NotNull @Pattern(regexp = "test|live", message = "must be test or live") String mode,
                                      Instant expiresAt) {
    }

    /** {@code secret} is present only in the response that created the key. */
    public record ApiKeyView(String id, String object, String name, String prefix, String mode, List<String> scopes,
                             Instant expiresAt, Instant revokedAt, Instant lastUsedAt, Instant createdAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
        static ApiKeyView of(ApiKey key, String secret) {
            return new ApiKeyView(key.id, "api_key", key.name, key.prefix, key.mode, key.scopeList(), key.expiresAt,
                    key.revokedAt, key.lastUsedAt, key.createdAt, secret);
        }
    }
}
