package io.paygrid.payment.invoice;

import io.paygrid.payment.PaymentError;
import io.paygrid.payment.client.WalletClient;
import io.paygrid.payment.customer.CustomerRepository;
import io.paygrid.payment.event.InvoiceEventStore;
import io.paygrid.payment.event.InvoiceHistory;
import io.paygrid.payment.payment.PaymentRepository;
import io.paygrid.payment.payment.PaymentStatus;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.AddressLeases.Lease;
import io.paygrid.platform.contract.AddressLeases.LeaseRequest;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.money.Money;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The invoice use cases: each one transaction, its events appended to the event store (and outbox) in it. */
@ApplicationScoped
public class InvoiceService {

    public static final List<String> FIAT_TEST_METHODS = List.of("card", "upi");

    private final ShardRouter router;
    private final InvoiceRepository invoices;
    private final PaymentRepository payments;
    private final CustomerRepository customers;
    private final InvoiceEventStore events;
    private final WalletClient wallet;
    private final IdempotencyService idempotency;
    private final MerchantDefaults defaults;
    private final String publicUrl;

    InvoiceService(ShardRouter router, InvoiceRepository invoices, PaymentRepository payments, CustomerRepository customers,
                   InvoiceEventStore events, WalletClient wallet, IdempotencyService idempotency, MerchantDefaults defaults,
                   PlatformConfig platform) {
        this.router = router;
        this.invoices = invoices;
        this.payments = payments;
        this.customers = customers;
        this.events = events;
        this.wallet = wallet;
        this.idempotency = idempotency;
        this.defaults = defaults;
        this.publicUrl = platform.publicUrl();
    }

    public InvoiceView view(Invoice invoice) {
        return InvoiceView.of(invoice, publicUrl);
    }

    /**
     * Creates the invoice. Leases for its crypto methods are taken first, outside any transaction; then the invoice,
     * its options and invoice.created are written in one. A method wallet-service cannot serve right now is left
     * out if others remain; if none remain the answer is 503 and nothing is written.
     */
    public Uni<IdempotentResponse> create(NewInvoice request, String idempotencyKey, String requestBody) {
        String id = Ids.newId(IdPrefix.INVOICE);
        return defaults.of(request.merchantId()).flatMap(settings -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            int minutes = request.expiresInMinutes() != null ? request.expiresInMinutes() : settings.expiryMinutes();
            Instant expiresAt = now.plus(minutes, ChronoUnit.MINUTES);
            BigDecimal tolerance = request.tolerancePercent() != null ? request.tolerancePercent() : settings.tolerancePercent();
            return idempotency.execute(request.merchantId(), idempotencyKey, "POST /v1/invoices " + request.mode(), requestBody,
                    () -> leases(id, request, expiresAt),
                    (tx, leased) -> {
                        Invoice invoice = new Invoice(id, request.merchantId(), request.mode(), InvoiceStatus.OPEN,
                                ExceptionStatus.NONE, request.amount(), Money.zero(request.amount().currency()),
                                Money.zero(request.amount().currency()), Money.zero(request.amount().currency()),
                                request.orderId(), request.description(), request.metadata(), null, leased.methods(),
                                tolerance, request.redirectUrl(), null, expiresAt, now, null, 1, leased.options());
                        return customerOf(tx, request).flatMap(customerId -> {
                            Invoice withCustomer = customerId == null ? invoice : withCustomer(invoice, customerId);
                            InvoiceHistory history = new InvoiceHistory(id, request.merchantId(), 0, request.actor())
                                    .record("invoice.created", view(withCustomer));
                            return invoices.insert(tx, withCustomer)
                                    .flatMap(ignored -> events.append(tx, history))
                                    .map(ignored -> IdempotentResponse.created(idempotency.toJson(view(withCustomer))));
                        });
                    });
        });
    }

    private Uni<String> customerOf(SqlConnection tx, NewInvoice request) {
        if (request.customerEmail() == null) {
            return Uni.createFrom().nullItem();
        }
        return customers.upsertByEmail(tx, request.merchantId(), request.mode(), request.customerEmail(), request.customerName());
    }

    private Uni<Leased> leases(String invoiceId, NewInvoice request, Instant expiresAt) {
        List<String> crypto = request.paymentMethods().stream().filter(m -> !FIAT_TEST_METHODS.contains(m)).toList();
        List<String> fiat = request.paymentMethods().stream().filter(FIAT_TEST_METHODS::contains).toList();
        if (crypto.isEmpty()) {
            return Uni.createFrom().item(new Leased(fiat, List.of()));
        }
        List<Uni<Object>> calls = new ArrayList<>();
        for (String method : crypto) {
            LeaseRequest lease = new LeaseRequest(request.merchantId(), invoiceId, method, request.amount().amount(),
                    request.amount().currency(), expiresAt);
            calls.add(wallet.lease(lease).map(Object.class::cast)
                    .onFailure(f -> f instanceof DomainException d && d.errorCode().status() == 503)
                    .recoverWithItem(failure -> failure));
        }
        return Uni.join().all(calls).andFailFast().map(answers -> {
            List<String> offered = new ArrayList<>();
            List<PaymentOption> options = new ArrayList<>();
            DomainException unavailable = null;
            for (Object answer : answers) {
                if (answer instanceof Lease lease) {
                    offered.add(lease.method());
                    options.add(new PaymentOption(lease.method(), lease.network(), lease.currency(), lease.address(),
                            lease.amount(), lease.rate(), lease.rateId(), lease.rateExpiresAt(), lease.paymentUri(),
                            lease.requiredConfirmations(), lease.id()));
                } else {
                    unavailable = (DomainException) answer;
                }
            }
            if (offered.isEmpty() && fiat.isEmpty()) {
                throw unavailable;
            }
            if (unavailable != null) {
                Log.warnf("Invoice %s offers %s only: %s", invoiceId, offered, unavailable.getMessage());
            }
            List<String> methods = new ArrayList<>(offered);
            methods.addAll(fiat);
            return new Leased(List.copyOf(methods), List.copyOf(options));
        });
    }

    public Uni<Invoice> cancel(String merchantId, String mode, String id, Map<String, Object> actor) {
        return router.inTransaction(merchantId, tx -> invoices.lock(tx, merchantId, mode, id).call(before -> requireNoPendingAttempt(tx, before))
                .flatMap(before -> {
            if (before.status() != InvoiceStatus.OPEN) {
                throw new DomainException(PaymentError.INVALID_STATE,
                        "Only an open invoice can be cancelled; this one is " + before.status().api() + ".");
            }
            Invoice after = before.settled(InvoiceStatus.CANCELLED, before.exception(), before.amountPaid(),
                    before.amountConfirmed(), Instant.now());
            return commit(tx, before, after, new InvoiceHistory(id, merchantId, before.version(), actor));
        }));
    }

    /** The merchant says it was paid outside PayGrid: paid, exception marked, with the merchant's note. */
    public Uni<Invoice> markPaid(String merchantId, String mode, String id, String note, Map<String, Object> actor) {
        return router.inTransaction(merchantId, tx -> invoices.lock(tx, merchantId, mode, id).call(before -> requireNoPendingAttempt(tx, before))
                .flatMap(before -> {
            if (before.status() == InvoiceStatus.PAID || !before.status().canMoveTo(InvoiceStatus.PAID)) {
                throw new DomainException(PaymentError.INVALID_STATE,
                        "An invoice that is " + before.status().api() + " cannot be marked paid.");
            }
            Invoice after = before.settled(InvoiceStatus.PAID, ExceptionStatus.MARKED, before.amountPaid(),
                    before.amountConfirmed(), Instant.now()).withNote(note);
            return commit(tx, before, after, new InvoiceHistory(id, merchantId, before.version(), actor));
        }));
    }

    /** A card or UPI attempt still with the processor would land on an invoice that was closed meanwhile. */
    private Uni<Void> requireNoPendingAttempt(SqlConnection tx, Invoice invoice) {
        return payments.ofInvoice(tx, invoice.id()).invoke(all -> {
            if (all.stream().anyMatch(p -> p.status() == PaymentStatus.PENDING && !p.isChain())) {
                throw new DomainException(PaymentError.INVALID_STATE,
                        "A card or UPI payment of this invoice is still with the processor; try again once it has settled.");
            }
        }).replaceWithVoid();
    }

    /**
     * Recomputes a locked invoice from its payments and writes it with every event of {@code history} and the
     * invoice's own change, if any. All payment and refund paths end here.
     */
    public Uni<Invoice> resettle(SqlConnection tx, Invoice before, InvoiceHistory history, Instant now) {
        return payments.ofInvoice(tx, before.id())
                .map(all -> InvoiceSettlement.settle(before, all, now))
                .flatMap(after -> commit(tx, before, after, history));
    }

    public Uni<Invoice> commit(SqlConnection tx, Invoice before, Invoice after, InvoiceHistory history) {
        if (after.status() != before.status()) {
            history.record("invoice." + after.status().api(), view(after));
        } else if (after.differsFrom(before)) {
            history.record("invoice.updated", view(after));
        }
        if (history.isEmpty()) {
            return Uni.createFrom().item(after);
        }
        return invoices.save(tx, after, history).call(saved -> events.append(tx, history));
    }

    /** Moves open (and underpaid) invoices past their expiry to expired, a batch per database at a time. */
    @Scheduled(every = "${paygrid.payments.expiry-interval}", delayed = "2s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireDue() {
        return Multi.createFrom().iterable(router.shards())
                .onItem().transformToUniAndConcatenate(shard -> invoices.expiring(shard.pool(), 200)
                        .flatMap(refs -> Multi.createFrom().iterable(refs)
                                .onItem().transformToUniAndConcatenate(this::expire)
                                .collect().last())
                        .onFailure().recoverWithItem(failure -> {
                            Log.warnf("Expiry pass failed on shard %d, will retry: %s", shard.index(), failure.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> expire(InvoiceRepository.InvoiceRef ref) {
        return router.inTransaction(ref.merchantId(), tx -> invoices.lock(tx, ref.merchantId(), ref.id())
                        .flatMap(before -> resettle(tx, before,
                                new InvoiceHistory(before.id(), before.merchantId(), before.version(), Map.of("source", "expiry")),
                                Instant.now())))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Could not expire invoice %s, will retry: %s", ref.id(), failure.getMessage());
                    return null;
                });
    }

    private static Invoice withCustomer(Invoice i, String customerId) {
        return new Invoice(i.id(), i.merchantId(), i.mode(), i.status(), i.exception(), i.amount(), i.amountPaid(),
                i.amountConfirmed(), i.amountRefunded(), i.orderId(), i.description(), i.metadata(), customerId,
                i.paymentMethods(), i.tolerancePercent(), i.redirectUrl(), i.note(), i.expiresAt(), i.createdAt(), i.paidAt(),
                i.version(), i.options());
    }

    /** A validated create request, with who asks (for the event metadata). */
    public record NewInvoice(String merchantId, String mode, Map<String, Object> actor, Money amount,
                             List<String> paymentMethods, String orderId, String description, Map<String, Object> metadata,
                             String customerEmail, String customerName, Integer expiresInMinutes, BigDecimal tolerancePercent,
                             String redirectUrl) {
    }

    private record Leased(List<String> methods, List<PaymentOption> options) {
    }
}
