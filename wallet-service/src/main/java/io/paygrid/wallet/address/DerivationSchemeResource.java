package io.paygrid.wallet.address;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.page.Page;
import io.paygrid.wallet.config.WalletConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;

/** A merchant's extended public keys, one active per network. */
@Path("/v1/derivation-schemes")
@Produces(MediaType.APPLICATION_JSON)
public class DerivationSchemeResource {

    private final DerivationSchemeService schemes;
    private final Caller caller;
    private final IdempotencyService idempotency;
    private final WalletConfig config;

    DerivationSchemeResource(DerivationSchemeService schemes, Caller caller, IdempotencyService idempotency, WalletConfig config) {
        this.schemes = schemes;
        this.caller = caller;
        this.idempotency = idempotency;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WALLETS_WRITE)
    public Uni<Response> register(@HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
                                  @Valid @NotNull RegisterRequest request) {
        schemes.validate(request.network(), request.xpub());
        String merchantId = caller.merchantId();
        int gapLimit = request.gapLimit() == null ? config.defaultGapLimit() : request.gapLimit();
        return schemes.claim(merchantId, request.network(), request.xpub())
                .flatMap(claimed -> idempotency.execute(merchantId, idempotencyKey, "POST /v1/derivation-schemes", idempotency.toJson(request),
                        tx -> schemes.register(tx, merchantId, request.network(), request.xpub(), gapLimit)
                                .map(scheme -> IdempotentResponse.created(idempotency.toJson(SchemeView.of(scheme))))))
                .map(IdempotentResponse::toResponse);
    }

    @GET
    @RolesAllowed(Scopes.WALLETS_READ)
    public Uni<Page<SchemeView>> list() {
        return schemes.list(caller.merchantId()).map(all -> new Page<>(all.stream().map(SchemeView::of).toList(), false));
    }

    public record RegisterRequest(@NotBlank @Size(max = 32) String network,
                                  @NotBlank @Size(max = 200) String xpub,
                                  @Min(1) @Max(1000) Integer gapLimit) {
    }

    public record SchemeView(String id, String object, String network, String xpub, String addressType, int gapLimit,
                             int addressesDerived, List<String> firstAddresses, Instant createdAt) {
        static SchemeView of(DerivationScheme scheme) {
            return new SchemeView(scheme.id(), "derivation_scheme", scheme.network(), scheme.accountKeyPrefix(),
                    scheme.addressType(), scheme.gapLimit(), scheme.derived(), scheme.firstAddresses(), scheme.createdAt());
        }
    }
}
