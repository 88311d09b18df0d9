package io.paygrid.payment.invoice;

import io.paygrid.payment.event.InvoiceEventStore;
import io.paygrid.payment.event.InvoiceEventStore.StoredEvent;
import io.paygrid.payment.payment.PaymentService;
import io.paygrid.payment.payment.PaymentService.TestPayment;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.auth.Scopes;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.money.Money;
import io.paygrid.platform.page.Page;
import io.paygrid.platform.page.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Path("/v1/invoices")
@Produces(MediaType.APPLICATION_JSON)
public class InvoiceResource {

    private static final Set<String> STATUSES = Set.of("open", "processing", "paid", "expired", "cancelled", "invalid");
    /** NUMERIC(36,18) holds 18 integer digits; an invoice of more than a quadrillion units is a mistake. */
    private static final int MAX_INTEGER_DIGITS = 15;
    private static final int MAX_METADATA_JSON = 8192;
    /** A crypto-priced invoice is converted into other coins, which must still fit: a billion units at most. */
    private static final int MAX_CRYPTO_INTEGER_DIGITS = 9;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final InvoiceService service;
    private final InvoiceRepository invoices;
    private final InvoiceEventStore events;
    private final PaymentService payments;
    private final IdempotencyService idempotency;
    private final Caller caller;

    InvoiceResource(InvoiceService service, InvoiceRepository invoices, InvoiceEventStore events, PaymentService payments,
                    IdempotencyService idempotency, Caller caller) {
        this.service = service;
        this.invoices = invoices;
        this.events = events;
        this.payments = payments;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.INVOICES_WRITE)
    public Uni<Response> create(@HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
                                @Valid @NotNull CreateInvoice request) {
        String merchantId = caller.merchantId();
        Money amount = Money.parse(request.amount(), request.currency());
        if (amount.isZero()) {
            throw new DomainException(CommonError.INVALID_AMOUNT, "amount must be greater than zero.").onField("amount");
        }
        int digits = java.util.Currency.getAvailableCurrencies().stream().anyMatch(c -> c.getCurrencyCode().equals(amount.currency()))
                ? MAX_INTEGER_DIGITS : MAX_CRYPTO_INTEGER_DIGITS;
        if (amount.amount().precision() - amount.amount().scale() > digits) {
            throw new DomainException(CommonError.INVALID_AMOUNT, "amount must be below 10^" + digits + ".").onField("amount");
        }
        Map<String, Object> metadata = Validation.metadata(request.metadata());
        if (Validation.jsonSize(metadata) > MAX_METADATA_JSON) {
            throw Validation.invalid("metadata", "must be at most " + MAX_METADATA_JSON + " bytes of JSON.");
        }
        InvoiceService.NewInvoice command = new InvoiceService.NewInvoice(merchantId, caller.mode(), caller.actorMetadata(), amount,
                Validation.paymentMethods(request.paymentMethods(), caller.mode()), request.orderId(), request.description(),
                metadata, request.customer() == null ? null : request.customer().email(),
                request.customer() == null ? null : request.customer().name(), request.expiresInMinutes(),
                Validation.tolerance(request.paymentTolerancePercent()), Validation.redirectUrl(request.redirectUrl()));
        return service.create(command, idempotencyKey, idempotency.toJson(request)).map(IdempotentResponse::toResponse);
    }

    @GET
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<Page<InvoiceView>> list(@QueryParam("limit") Integer limit,
                                       @QueryParam("starting_after") String startingAfter,
                                       @QueryParam("status") String status,
                                       @QueryParam("order_id") String orderId,
                                       @QueryParam("q") String text,
                                       @QueryParam("customer_id") String customerId,
                                       @QueryParam("created_gte") String createdGte,
                                       @QueryParam("created_lt") String createdLt) {
        if (status != null && !STATUSES.contains(status)) {
            throw new DomainException(CommonError.VALIDATION_FAILED, "status must be one of " + STATUSES).onField("status");
        }
        if (text != null && (text.isBlank() || text.length() > 200)) {
            throw Validation.invalid("q", "must be 1 to 200 characters.");
        }
        PageRequest page = PageRequest.of(limit, startingAfter, IdPrefix.INVOICE);
        InvoiceRepository.InvoiceFilter filter = new InvoiceRepository.InvoiceFilter(status, orderId, text,
                time("created_gte", createdGte), time("created_lt", createdLt), customerId);
        return invoices.newestOfMerchant(caller.merchantId(), caller.mode(), filter, page)
                .map(rows -> Page.of(rows, page).map(service::view));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<InvoiceView> get(@PathParam("id") String id) {
        return invoices.find(caller.merchantId(), caller.mode(), id).map(service::view);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Scopes.INVOICES_WRITE)
    public Uni<InvoiceView> cancel(@PathParam("id") String id) {
        return service.cancel(caller.merchantId(), caller.mode(), id, caller.actorMetadata()).map(service::view);
    }

    @POST
    @Path("/{id}/mark-paid")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.INVOICES_WRITE)
    public Uni<InvoiceView> markPaid(@PathParam("id") String id, @Valid @NotNull MarkPaid request) {
        return service.markPaid(caller.merchantId(), caller.mode(), id, request.note(), caller.actorMetadata()).map(service::view);
    }

    /** The invoice's whole history from the event store, oldest first. */
    @GET
    @Path("/{id}/events")
    @RolesAllowed(Scopes.INVOICES_READ)
    public Uni<Page<StoredEvent>> history(@PathParam("id") String id) {
        String merchantId = caller.merchantId();
        return invoices.find(merchantId, caller.mode(), id)
                .flatMap(invoice -> events.history(merchantId, invoice.id()))
                .map(all -> new Page<>(all, false));
    }

    /** Test mode only: a simulated card or UPI payment, settled asynchronously by the payment worker. */
    @POST
    @Path("/{id}/payments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.INVOICES_WRITE)
    public Uni<Response> pay(@PathParam("id") String id, @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
                             @Valid @NotNull TestPayment request) {
        return payments.createTestPayment(caller.merchantId(), caller.mode(), id, request, idempotencyKey, caller.actorMetadata())
                .map(IdempotentResponse::toResponse);
    }


    private static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Validation.invalid(field, "must be an RFC 3339 time such as 2026-01-31T00:00:00Z.");
        }
        if (time.isBefore(Instant.EPOCH) || time.isAfter(LATEST)) {
            throw Validation.invalid(field, "must be between 1970 and 9999.");
        }
        return time;
    }

    public record CreateInvoice(@NotBlank @Size(max = 40) String amount,
                                @NotBlank @Size(max = 12) String currency,
                                @NotNull List<String> paymentMethods,
                                @Size(max = 200) String orderId,
                                @Size(max = 1000) String description,
                                Map<String, Object> metadata,
                                @Valid CustomerRef customer,
                                @Min(1) @Max(10080) Integer expiresInMinutes,
                                @Size(max = 8) String paymentTolerancePercent,
                                @Size(max = 2048) String redirectUrl) {
    }

    public record CustomerRef(@NotBlank @Email @Size(max = 254) String email, @Size(max = 200) String name) {
    }

    public record MarkPaid(@NotBlank @Size(max = 1000) String note) {
    }
}
