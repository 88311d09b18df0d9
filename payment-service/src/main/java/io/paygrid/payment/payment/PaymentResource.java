package io.paygrid.payment.payment;

import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    private final PaymentRepository payments;
    private final Caller caller;

    PaymentResource(PaymentRepository payments, Caller caller) {
        this.payments = payments;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<PaymentView> get(@PathParam("id") String id) {
        return payments.find(caller.merchantId(), caller.mode(), id).map(PaymentView::of);
    }

    @GET
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<Page<PaymentView>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter,
                                       @QueryParam("invoice_id") String invoiceId) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.PAYMENT);
        return payments.newestOfMerchant(caller.merchantId(), caller.mode(), invoiceId, null, page).map(rows -> Page.of(rows, page).map(PaymentView::of));
    }
}
