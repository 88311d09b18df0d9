package io.paygrid.payment.payment;

import io.paygrid.payment.PaymentError;
import io.paygrid.payment.config.PaymentConfig;
import io.paygrid.payment.event.InvoiceHistory;
import io.paygrid.payment.invoice.Invoice;
import io.paygrid.payment.invoice.InvoiceRepository;
import io.paygrid.payment.invoice.InvoiceService;
import io.paygrid.payment.invoice.InvoiceSettlement;
import io.paygrid.payment.invoice.InvoiceStatus;
import io.paygrid.payment.invoice.PaymentOption;
import io.paygrid.platform.auth.ApiKeys;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.contract.ChainEvents.TransferData;
import io.paygrid.platform.contract.PaymentEvents;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.money.Money;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Payments: simulated card/UPI ones made through the API, chain ones made from wallet-service's transfers. */
@ApplicationScoped
public class PaymentService {

    private final InvoiceRepository invoices;
    private final InvoiceService invoiceService;
    private final PaymentRepository payments;
    private final JobQueue jobs;
    private final IdempotencyService idempotency;
    private final PaymentConfig config;
    private final String hashSecret;

    PaymentService(InvoiceRepository invoices, InvoiceService invoiceService, PaymentRepository payments, JobQueue jobs,
                   IdempotencyService idempotency, PaymentConfig config, PlatformConfig platform) {
        this.invoices = invoices;
        this.invoiceService = invoiceService;
        this.payments = payments;
        this.jobs = jobs;
        this.idempotency = idempotency;
        this.config = config;
        this.hashSecret = platform.auth().keyHashSecret();
    }

    /**
     * A card or UPI payment of what the invoice still owes, pending until the worker settles it from the durable
     * job queue. Only the card's last four digits and network are kept; the outcome is decided now and queued.
     */
    public Uni<IdempotentResponse> createTestPayment(String merchantId, String callerMode, String invoiceId, TestPayment request,
                                                     String idempotencyKey, Map<String, Object> actor) {
        if (!"test".equals(callerMode)) {
            throw new DomainException(PaymentError.TEST_MODE_ONLY, "Simulated payments need a test key (sk_test_…).");
        }
        String method = request.method();
        String last4 = null;
        String network = null;
        String vpa = null;
        String outcome;
        if ("card".equals(method)) {
            if (request.card() == null) {
                throw new DomainException(PaymentError.INVALID_CARD, "card is required for a card payment.").onField("card");
            }
            TestCards.CardCheck card = TestCards.check(request.card().number(), request.card().expMonth(),
                    request.card().expYear(), request.card().cvc());
            last4 = card.last4();
            network = card.network();
            outcome = card.outcome();
        } else {
            outcome = TestCards.checkVpa(request.vpa());
            vpa = request.vpa().toLowerCase(java.util.Locale.ROOT);
        }
        // The fingerprint sees the card only through a keyed hash (a plain one of a card number can be brute-forced).
        String cardDigest = request.card() == null ? "" : ApiKeys.hash(request.card().number().replace(" ", "").replace("-", "")
                + "|" + request.card().expMonth() + "|" + request.card().expYear() + "|" + request.card().cvc(), hashSecret);
        String fingerprintBody = idempotency.toJson(Map.of("method", method, "card", cardDigest, "vpa", String.valueOf(vpa),
                "invoice_id", invoiceId));
        String cardLast4 = last4;
        String cardNetwork = network;
        String payerVpa = vpa;
        return idempotency.execute(merchantId, idempotencyKey, "POST /v1/invoices/{id}/payments " + callerMode, fingerprintBody,
                tx -> invoices.lock(tx, merchantId, callerMode, invoiceId).flatMap(invoice -> payments.ofInvoice(tx, invoiceId)
                        .flatMap(existing -> {
                            requirePayable(invoice, method, existing);
                            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            Money due = invoice.amountDue();
                            Payment payment = new Payment(Ids.newId(IdPrefix.PAYMENT), merchantId, invoiceId, invoice.mode(),
                                    method, null, due, due, PaymentStatus.PENDING, null, null, null, null, null, null, null,
                                    cardLast4, cardNetwork, payerVpa, null, false, now, now);
                            InvoiceHistory history = new InvoiceHistory(invoiceId, merchantId, invoice.version(), actor)
                                    .record(PaymentEvents.PAYMENT_CREATED, PaymentView.of(payment));
                            return payments.insert(tx, payment)
                                    .call(() -> jobs.enqueue(tx, JobQueue.PAYMENT, payment.id(), merchantId,
                                            now.plus(config.worker().processingDelay()), outcome))
                                    .call(() -> invoiceService.resettle(tx, invoice, history, now))
                                    .map(ignored -> IdempotentResponse.created(idempotency.toJson(PaymentView.of(payment))));
                        })));
    }

    private static void requirePayable(Invoice invoice, String method, java.util.List<Payment> existing) {
        if (!invoice.isTest()) {
            throw new DomainException(PaymentError.TEST_MODE_ONLY, "Simulated payments are for test-mode invoices only.");
        }
        if (!invoice.paymentMethods().contains(method)) {
            throw new DomainException(PaymentError.PAYMENT_METHOD_NOT_OFFERED,
                    "This invoice does not accept " + method + "; it accepts " + invoice.paymentMethods() + ".").onField("method");
        }
        if (!invoice.status().isAwaitingPayment() || !Instant.now().isBefore(invoice.expiresAt()) || invoice.amountDue().isZero()) {
            throw new DomainException(PaymentError.INVALID_STATE,
                    "An invoice that is " + invoice.status().api() + (invoice.status().isAwaitingPayment() ? " and past its expiry" : "")
                            + " cannot take a payment.");
        }
        if (existing.stream().anyMatch(p -> p.status() == PaymentStatus.PENDING && !p.isChain())) {
            throw new DomainException(PaymentError.INVALID_STATE, "A card or UPI payment of this invoice is still pending.");
        }
    }

    /** The worker's step: the simulated processor answers for one pending payment. */
    public Uni<Void> settleTestPayment(SqlConnection tx, String merchantId, String paymentId, String outcome) {
        return payments.read(tx, merchantId, paymentId).flatMap(payment -> invoices.lock(tx, merchantId, payment.invoiceId())
                .flatMap(invoice -> payments.find(tx, merchantId, paymentId).flatMap(locked -> {
                    if (locked.status() != PaymentStatus.PENDING) {
                        return Uni.createFrom().voidItem();
                    }
                    boolean succeeded = TestCards.SUCCEED.equals(outcome);
                    Payment after = locked.withOutcome(succeeded ? PaymentStatus.CONFIRMED : PaymentStatus.FAILED,
                            succeeded ? null : outcome);
                    InvoiceHistory history = new InvoiceHistory(invoice.id(), merchantId, invoice.version(), Map.of("source", "worker"))
                            .record(succeeded ? PaymentEvents.PAYMENT_CONFIRMED : PaymentEvents.PAYMENT_FAILED, PaymentView.of(after));
                    return payments.update(tx, after)
                            .call(() -> invoiceService.resettle(tx, invoice, history, Instant.now()))
                            .replaceWithVoid();
                })));
    }

    /**
     * Applies one chain.transfer.* event (inside the consumer's inbox transaction). The transfer's id is the
     * payment's key: a transfer mined again after a reorg has a new id and is a new payment, and the invoice is
     * recomputed from all its payments, so nothing counts twice.
     */
    public Uni<Void> applyTransfer(SqlConnection tx, String type, TransferData transfer) {
        return invoices.lock(tx, transfer.merchantId(), transfer.invoiceId())
                .flatMap(invoice -> payments.lockByTransfer(tx, transfer.id()).flatMap(found -> {
                    Map<String, Object> cause = Map.of("source", "chain", "transfer_id", transfer.id(), "tx_hash",
                            String.valueOf(transfer.txHash()));
                    InvoiceHistory history = new InvoiceHistory(invoice.id(), invoice.merchantId(), invoice.version(), cause);
                    Instant now = Instant.now();
                    if (found.isEmpty()) {
                        if (ChainEvents.TRANSFER_REVERTED.equals(type)) {
                            return Uni.createFrom().voidItem();
                        }
                        Payment payment = newChainPayment(invoice, transfer, type, now);
                        history.record(PaymentEvents.PAYMENT_CREATED, PaymentView.of(payment));
                        if (payment.status() == PaymentStatus.CONFIRMED) {
                            history.record(PaymentEvents.PAYMENT_CONFIRMED, PaymentView.of(payment));
                        }
                        return payments.insert(tx, payment)
                                .call(() -> invoiceService.resettle(tx, invoice, history, now)).replaceWithVoid();
                    }
                    Payment before = found.get();
                    Payment after = chainState(before, type, transfer);
                    if (after == null) {
                        return Uni.createFrom().voidItem();
                    }
                    String eventType = switch (after.status()) {
                        case CONFIRMED -> before.status() == PaymentStatus.CONFIRMED
                                ? PaymentEvents.PAYMENT_CONFIRMATIONS_CHANGED : PaymentEvents.PAYMENT_CONFIRMED;
                        case REVERTED -> PaymentEvents.PAYMENT_REVERTED;
                        default -> PaymentEvents.PAYMENT_CONFIRMATIONS_CHANGED;
                    };
                    history.record(eventType, PaymentView.of(after));
                    return payments.update(tx, after)
                            .call(() -> invoiceService.resettle(tx, invoice, history, now)).replaceWithVoid();
                }));
    }

    /** The payment after the event, or null when the event changes nothing (a repeat, or older than what is known). */
    private static Payment chainState(Payment before, String type, TransferData transfer) {
        PaymentStatus next = switch (type) {
            case ChainEvents.TRANSFER_CONFIRMED -> PaymentStatus.CONFIRMED;
            case ChainEvents.TRANSFER_REVERTED -> PaymentStatus.REVERTED;
            default -> PaymentStatus.PENDING;
        };
        if (next == before.status()) {
            boolean deeper = next == PaymentStatus.PENDING && before.confirmations() != null
                    && transfer.confirmations() > before.confirmations();
            return deeper ? before.withChainState(next, transfer.confirmations()) : null;
        }
        if (!before.status().canMoveTo(next)) {
            return null;
        }
        return before.withChainState(next, Math.max(transfer.confirmations(), before.confirmations() == null ? 0 : before.confirmations()));
    }

    private static Payment newChainPayment(Invoice invoice, TransferData transfer, String type, Instant now) {
        Money amount = new Money(transfer.amount(), transfer.currency());
        PaymentOption option = invoice.option(transfer.method()).orElse(null);
        Money credited = option == null ? Money.zero(invoice.currency()) : InvoiceSettlement.credit(invoice, option, amount);
        if (option == null || credited.isZero()) {
            Log.warnf("Transfer %s of %s to invoice %s (%s) credits nothing: no matching payment option", transfer.id(),
                    amount, invoice.id(), transfer.method());
        }
        Instant detectedAt = transfer.detectedAt() == null ? now : transfer.detectedAt();
        boolean late = detectedAt.isAfter(invoice.expiresAt()) && invoice.status() != InvoiceStatus.PAID;
        PaymentStatus status = ChainEvents.TRANSFER_CONFIRMED.equals(type) ? PaymentStatus.CONFIRMED : PaymentStatus.PENDING;
        return new Payment(Ids.newId(IdPrefix.PAYMENT), invoice.merchantId(), invoice.id(), invoice.mode(), transfer.method(),
                transfer.network(), amount, credited, status, transfer.id(), transfer.txHash(), transfer.logIndex(),
                transfer.blockNumber(), transfer.confirmations(), transfer.requiredConfirmations(), transfer.fromAddress(),
                null, null, null, null, late, detectedAt, now);
    }

    /** Body of {@code POST /v1/invoices/{id}/payments}. */
    public record TestPayment(@NotNull @Pattern(regexp = "card|upi", message = "must be card or upi") String method,
                              @Valid Card card,
                              @Size(max = 200) String vpa) {
    }

    public record Card(@NotBlank @Size(max = 23) String number,
                       @NotNull @Min(1) @Max(12) Integer expMonth,
                       @NotNull @Min(2000) @Max(2100) Integer expYear,
                       @NotBlank @Size(max = 4) String cvc) {
    }
}
