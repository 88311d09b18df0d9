package io.paygrid.payment.customer;

import io.paygrid.payment.invoice.Validation;
import io.paygrid.payment.payment.PaymentRepository;
import io.paygrid.payment.payment.PaymentView;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

import java.util.Map;

/** A merchant's customers and each one's payment history, apart per mode: a test key sees only test customers. */
@Path("/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    private final CustomerRepository customers;
    private final PaymentRepository payments;
    private final IdempotencyService idempotency;
    private final Caller caller;

    CustomerResource(CustomerRepository customers, PaymentRepository payments, IdempotencyService idempotency, Caller caller) {
        this.customers = customers;
        this.payments = payments;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    /** Creates the customer, or returns the one the merchant already has with this email. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.INVOICES_WRITE)
    public Uni<Response> create(@HeaderParam(IdempotencyService.HEADER) String idempotencyKey, @Valid @NotNull NewCustomer request) {
        Map<String, Object> metadata = Validation.metadata(request.metadata());
        String merchantId = caller.merchantId();
        return idempotency.execute(merchantId, idempotencyKey, "POST /v1/customers", idempotency.toJson(request),
                        tx -> customers.upsert(tx, merchantId, caller.mode(), request.email(), request.name(), metadata)
                                .map(customer -> IdempotentResponse.created(idempotency.toJson(customer))))
                .map(IdempotentResponse::toResponse);
    }

    @GET
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<Page<Customer>> list(@QueryParam("limit") Integer limit, @QueryParam("starting_after") String startingAfter,
                                    @QueryParam("email") String email) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.CUSTOMER);
        return customers.newestOfMerchant(caller.merchantId(), caller.mode(), email, page).map(rows -> Page.of(rows, page));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<Customer> get(@PathParam("id") String id) {
        return customers.find(caller.merchantId(), caller.mode(), id);
    }

    /** The customer's payments across all their invoices, newest first. */
    @GET
    @Path("/{id}/payments")
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<Page<PaymentView>> payments(@PathParam("id") String id, @QueryParam("limit") Integer limit,
                                           @QueryParam("starting_after") String startingAfter) {
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.PAYMENT);
        String merchantId = caller.merchantId();
        return customers.find(merchantId, caller.mode(), id)
                .flatMap(customer -> payments.newestOfMerchant(merchantId, caller.mode(), null, customer.id(), page))
                .map(rows -> Page.of(rows, page).map(PaymentView::of));
    }

    public record NewCustomer(@NotBlank @Email @Size(max = 254) String email, @Size(max = 200) String name,
                              Map<String, Object> metadata) {
    }
}
