package io.paygrid.payment.checkout;

import io.paygrid.payment.invoice.Invoice;
import io.paygrid.payment.invoice.InvoiceRepository;
import io.paygrid.payment.invoice.InvoiceStatus;
import io.paygrid.payment.invoice.MerchantDefaults;
import io.paygrid.payment.invoice.PaymentOption;
import io.paygrid.payment.invoice.InvoiceService;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.money.Money;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosted checkout page: public, no key. It shows what a payer needs (who is asking, how much, where to pay,
 * until when, and whether it arrived) and nothing else: no metadata, order id, customer or merchant id.
 */
@Path("/checkout")
@PermitAll
public class CheckoutResource {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern HTTPS_URL = Pattern.compile("https://[^\\s\"'<>]{1,2000}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InvoiceRepository invoices;
    private final MerchantDefaults merchants;
    private final Template checkout;
    private final Template checkoutMissing;

    CheckoutResource(InvoiceRepository invoices, MerchantDefaults merchants, @Location("checkout.html") Template checkout,
                     @Location("checkout-missing.html") Template checkoutMissing) {
        this.invoices = invoices;
        this.merchants = merchants;
        this.checkout = checkout;
        this.checkoutMissing = checkoutMissing;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> page(@PathParam("id") String id) {
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes());
        return find(id).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(html(Response.status(404), checkoutMissing.render(), nonce));
            }
            Invoice invoice = found.get();
            return merchants.of(invoice.merchantId()).map(settings -> {
                String colour = settings.primaryColor() != null && COLOUR.matcher(settings.primaryColor()).matches()
                        ? settings.primaryColor() : "#1f4ed8";
                String logo = settings.logoUrl() != null && HTTPS_URL.matcher(settings.logoUrl()).matches() ? settings.logoUrl() : null;
                String name = settings.displayName() != null ? settings.displayName() : "Checkout";
                CheckoutPage page = new CheckoutPage(invoice.id(), name, colour, logo, invoice.amount().format(), invoice.currency(),
                        invoice.amountDue().format(), invoice.description(), invoice.status().api(), label(invoice.status()),
                        invoice.expiresAt().toString(), invoice.expiresAt().toEpochMilli(),
                        invoice.options().stream().map(CheckoutResource::option).toList(),
                        invoice.isTest(), invoice.paymentMethods().stream().filter(InvoiceService.FIAT_TEST_METHODS::contains).toList(),
                        invoice.status().isAwaitingPayment());
                return html(Response.ok(), checkout.data("page", page).data("nonce", nonce).render(), nonce);
            });
        });
    }

    /** What the page polls: status and amounts, and where to go once paid. */
    @GET
    @Path("/{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> status(@PathParam("id") String id) {
        return find(id).map(found -> found.map(invoice -> Response.ok(new CheckoutStatus(invoice.status().api(),
                                label(invoice.status()), invoice.exception().api(), invoice.amountDue().format(),
                                invoice.amountPaid().format(), invoice.currency(), invoice.expiresAt(),
                                invoice.status() == InvoiceStatus.PAID ? invoice.redirectUrl() : null))
                        .header("Cache-Control", "no-store").build())
                .orElse(Response.status(404).type(io.paygrid.platform.error.Problem.MEDIA_TYPE)
                        .entity(io.paygrid.platform.error.Problem.of(io.paygrid.platform.error.CommonError.NOT_FOUND,
                                "No such invoice.")).build()));
    }

    private Uni<Optional<Invoice>> find(String id) {
        if (!Ids.isValid(IdPrefix.INVOICE, id)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return invoices.findAnywhere(id);
    }

    private static Response html(Response.ResponseBuilder builder, String body, String nonce) {
        return builder.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(body)
                .header("Content-Security-Policy", "default-src 'none'; img-src 'self' data: https:; style-src 'nonce-" + nonce
                        + "'; script-src 'nonce-" + nonce + "'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                        + "frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static byte[] nonceBytes() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String label(InvoiceStatus status) {
        return switch (status) {
            case OPEN -> "Awaiting payment";
            case PROCESSING -> "Payment seen, waiting for confirmations";
            case PAID -> "Paid. Thank you!";
            case EXPIRED -> "This invoice has expired";
            case CANCELLED -> "This invoice was cancelled";
            case INVALID -> "The payment did not go through";
        };
    }

    private static CheckoutOption option(PaymentOption option) {
        return new CheckoutOption(option.method(), option.network(), option.currency(), option.address(),
                Money.format(option.amount(), option.currency()), option.paymentUri(), QrCodes.svg(option.paymentUri()),
                option.requiredConfirmations());
    }

    public record CheckoutPage(String invoiceId, String merchantName, String colour, String logoUrl, String amount,
                               String currency, String amountDue, String description, String status, String statusLabel,
                               String expiresAt, long expiresAtMillis, List<CheckoutOption> options, boolean testMode,
                               List<String> testMethods, boolean payable) {
    }

    public record CheckoutOption(String method, String network, String currency, String address, String amount, String uri,
                                 String qrSvg, int requiredConfirmations) {
    }

    public record CheckoutStatus(String status, String label, String exception, String amountDue, String amountPaid,
                                 String currency, Instant expiresAt, String redirectUrl) {
    }
}
