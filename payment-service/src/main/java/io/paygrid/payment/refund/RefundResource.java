package io.paygrid.payment.refund;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


@Path("/v1/refunds")
@Produces(MediaType.APPLICATION_JSON)
public class RefundResource {

    private final RefundService service;
    private final RefundRepository refunds;
    private final IdempotencyService idempotency;
    private final Caller caller;

    RefundResource(RefundService service, RefundRepository refunds, IdempotencyService idempotency, Caller caller) {
        this.service = service;
        this.refunds = refunds;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.REFUNDS_WRITE)
    public Uni<Response> create(@HeaderParam(IdempotencyService.HEADER) String idempotencyKey, @Valid @NotNull CreateRefund request) {
        if (!Ids.isValid(IdPrefix.INVOICE, request.invoiceId())) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "invoice_id must be an invoice id (inv_…).").onField("invoice_id");
        }
        RefundService.NewRefund command = new RefundService.NewRefund(request.invoiceId(), request.amount(), request.reason(),
                request.destinationAddress());
        return service.create(caller.merchantId(), caller.mode(), command, idempotencyKey, idempotency.toJson(request), caller.actorMetadata())
                .map(IdempotentResponse::toResponse);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<RefundView> get(@PathParam("id") String id) {
        return refunds.find(caller.merchantId(), caller.mode(), id).map(RefundView::of);
    }

    @GET
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<Page<RefundView>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter,
                                      @QueryParam("invoice_id") String invoiceId) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.REFUND);
        return refunds.newestOfMerchant(caller.merchantId(), caller.mode(), invoiceId, page).map(rows -> Page.of(rows, page).map(RefundView::of));
    }

    /** A crypto refund is sent by the merchant from their own wallet; this records the transaction and completes it. */
    @POST
    @Path("/{id}/record-transaction")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.REFUNDS_WRITE)
    public Uni<RefundView> recordTransaction(@PathParam("id") String id, @Valid @NotNull RecordTransaction request) {
        return service.recordTransaction(caller.merchantId(), caller.mode(), id, request.txHash(), caller.actorMetadata()).map(RefundView::of);
    }


    public record CreateRefund(@NotBlank @Size(max = 64) String invoiceId, @Size(max = 40) String amount,
                               @Size(max = 500) String reason, @Size(max = 128) String destinationAddress) {
    }

    public record RecordTransaction(@NotBlank @Pattern(regexp = "(0x)?[0-9a-fA-F]{64}", message = "must be a transaction hash")
                                    String txHash) {
    }
}
