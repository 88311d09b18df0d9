package io.paygrid.payment.invoice;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

@Path("/v1/invoices")
@Produces(MediaType.APPLICATION_JSON)
public class InvoiceResource {

    private static final Set<String> STATUSES = Set.of("open", "processing", "paid", "expired", "cancelled", "invalid");

    private final InvoiceRepository invoices;
    private final Caller caller;

    InvoiceResource(InvoiceRepository invoices, Caller caller) {
        this.invoices = invoices;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<Page<InvoiceView>> list(@QueryParam("limit") Integer limit,
                                       @QueryParam("starting_after") String startingAfter,
                                       @QueryParam("status") String status,
                                       @QueryParam("order_id") String orderId) {
        if (status != null && !STATUSES.contains(status)) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "status must be one of " + STATUSES).onField("status");
        }
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.INVOICE);
        return invoices.newestOfMerchant(caller.merchantId(), status, orderId, page)
                .map(rows -> Page.of(rows, page).map(InvoiceView::of));
    }

    public record InvoiceView(String id, String object, String status, String exception, String amount, String currency,
                              String amountPaid, String amountDue, String amountRefunded, String orderId,
                              String description, Map<String, Object> metadata, Instant expiresAt, Instant createdAt,
                              boolean livemode) {
        static InvoiceView of(Invoice invoice) {
            return new InvoiceView(invoice.id(), "invoice", invoice.status(), invoice.exception(),
                    invoice.amount().format(), invoice.amount().currency(), invoice.amountPaid().format(),
                    invoice.amountDue().format(), invoice.amountRefunded().format(), invoice.orderId(),
                    invoice.description(), invoice.metadata(), invoice.expiresAt(), invoice.createdAt(),
                    "live".equals(invoice.mode()));
        }
    }
}
