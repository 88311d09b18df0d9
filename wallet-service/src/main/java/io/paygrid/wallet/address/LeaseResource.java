package io.paygrid.wallet.address;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.contract.AddressLeases;
import io.paygrid.platform.contract.AddressLeases.Lease;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.money.Money;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * For payment-service only (the service token; the gateway never routes {@code /internal}): an address and a
 * locked rate for one invoice and payment method. Repeating a call returns the same lease.
 */
@Path(AddressLeases.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class LeaseResource {

    /** The most integer digits an amount may have (NUMERIC(36,18)). */
    private static final int MAX_INTEGER_DIGITS = 18;

    private final LeaseService leases;
    private final Caller caller;

    LeaseResource(LeaseService leases, Caller caller) {
        this.leases = leases;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.ROLE_SERVICE)
    public Uni<Lease> lease(@Valid @NotNull LeaseBody body) {
        if (!caller.isService()) {
            throw new DomainException(CommonError.FORBIDDEN, "Only PayGrid's services may lease addresses.");
        }
        if (!Ids.isValid(IdPrefix.MERCHANT, body.merchantId())) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "merchant_id must be a merchant id.").onField("merchant_id");
        }
        Money amount = new Money(body.amount(), body.currency());
        if (amount.amount().signum() <= 0 || amount.amount().precision() - amount.amount().scale() > MAX_INTEGER_DIGITS) {
            throw new DomainException(CommonError.INVALID_AMOUNT, "amount must be positive and below 10^18.").onField("amount");
        }
        if (!body.expiresAt().isAfter(Instant.now())) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "expires_at must be in the future.").onField("expires_at");
        }
        return leases.lease(new AddressLeases.LeaseRequest(body.merchantId(), body.invoiceId(), body.method(), amount.amount(),
                amount.currency(), body.expiresAt()));
    }

    public record LeaseBody(@NotBlank @Size(max = 64) String merchantId,
                            @NotBlank @Size(max = 64) String invoiceId,
                            @NotBlank @Pattern(regexp = "[a-z0-9]{2,10}-[a-z0-9-]{2,32}") String method,
                            @NotNull BigDecimal amount,
                            @NotBlank @Size(max = 8) String currency,
                            @NotNull Instant expiresAt) {
    }
}
