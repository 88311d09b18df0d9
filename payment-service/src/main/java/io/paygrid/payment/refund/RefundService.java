package io.paygrid.payment.refund;

import io.paygrid.payment.PaymentError;
import io.paygrid.payment.config.PaymentConfig;
import io.paygrid.payment.event.InvoiceHistory;
import io.paygrid.payment.invoice.Invoice;
import io.paygrid.payment.invoice.InvoiceRepository;
import io.paygrid.payment.invoice.InvoiceService;
import io.paygrid.payment.invoice.InvoiceStatus;
import io.paygrid.payment.payment.JobQueue;
import io.paygrid.payment.payment.Payment;
import io.paygrid.payment.payment.PaymentRepository;
import io.paygrid.payment.payment.PaymentStatus;
import io.paygrid.payment.payment.TestCards;
import io.paygrid.platform.contract.PaymentEvents;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.idempotency.IdempotencyService;
import io.paygrid.platform.idempotency.IdempotentResponse;
import io.paygrid.platform.money.Money;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refunds against paid invoices. The invoice row is locked while the refunds already spoken for are summed, so
 * however many requests race, their total never passes what was confirmed as paid.
 */
@ApplicationScoped
public class RefundService {

    private static final Pattern EVM_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern BITCOIN_ADDRESS = Pattern.compile("bc1[02-9ac-hj-np-z]{8,87}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}");
    private static final Pattern BITCOIN_TESTNET_ADDRESS = Pattern.compile("tb1[02-9ac-hj-np-z]{8,87}|[mn2][a-km-zA-HJ-NP-Z1-9]{25,34}");

    private final InvoiceRepository invoices;
    private final InvoiceService invoiceService;
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final JobQueue jobs;
    private final IdempotencyService idempotency;
    private final PaymentConfig config;
    private final ShardRouter router;

    RefundService(ShardRouter router, InvoiceRepository invoices, InvoiceService invoiceService, PaymentRepository payments, RefundRepository refunds,
                  JobQueue jobs, IdempotencyService idempotency, PaymentConfig config) {
        this.invoices = invoices;
        this.invoiceService = invoiceService;
        this.payments = payments;
        this.refunds = refunds;
        this.jobs = jobs;
        this.idempotency = idempotency;
        this.config = config;
        this.router = router;
    }

    public Uni<IdempotentResponse> create(String merchantId, String mode, NewRefund request, String idempotencyKey,
                                          String requestBody, Map<String, Object> actor) {
        return idempotency.execute(merchantId, idempotencyKey, "POST /v1/refunds " + mode, requestBody,
                tx -> invoices.lock(tx, merchantId, mode, request.invoiceId()).flatMap(invoice -> {
                    // Money still moving (open, processing) is refunded once it settles; a paid invoice, or confirmed
                    // money that reached a cancelled, expired or invalid one, can be given back.
                    if (invoice.status().isAwaitingPayment()) {
                        throw new DomainException(PaymentError.INVALID_STATE,
                                "An invoice that is " + invoice.status().api() + " cannot be refunded until its payments settle.");
                    }
                    return payments.ofInvoice(tx, invoice.id()).flatMap(paid -> refunds.committed(tx, invoice.id())
                            .flatMap(committed -> {
                                Refund refund = newRefund(invoice, paid, committed, request);
                                InvoiceHistory history = new InvoiceHistory(invoice.id(), merchantId, invoice.version(), actor)
                                        .record(PaymentEvents.REFUND_CREATED, RefundView.of(refund));
                                Uni<Void> queued = refund.isCrypto() ? Uni.createFrom().voidItem()
                                        : jobs.enqueue(tx, JobQueue.REFUND, refund.id(), merchantId,
                                        refund.createdAt().plus(config.worker().processingDelay()), TestCards.SUCCEED);
                                return refunds.insert(tx, refund)
                                        .call(() -> queued)
                                        .call(() -> invoiceService.commit(tx, invoice, invoice, history))
                                        .map(ignored -> IdempotentResponse.created(idempotency.toJson(RefundView.of(refund))));
                            }));
                }));
    }

    private static Refund newRefund(Invoice invoice, List<Payment> paid, BigDecimal committed, NewRefund request) {
        Money refundable = invoice.amountConfirmed().amount().compareTo(committed) > 0
                ? invoice.amountConfirmed().minus(new Money(committed, invoice.currency())) : Money.zero(invoice.currency());
        Money amount;
        if (request.amount() == null) {
            amount = refundable;
        } else {
            amount = Money.parse(request.amount(), invoice.currency());
            if (amount.isZero()) {
                throw new DomainException(CommonError.INVALID_AMOUNT, "amount must be greater than zero.").onField("amount");
            }
        }
        if (amount.isZero() || amount.exceeds(refundable)) {
            throw new DomainException(PaymentError.REFUND_EXCEEDS_PAID, "At most " + refundable.format() + " "
                    + invoice.currency() + " of this invoice can still be refunded.").onField("amount");
        }
        Payment source = paid.stream().filter(p -> p.status() == PaymentStatus.CONFIRMED && !p.credited().isZero())
                .max(Comparator.comparing(p -> p.credited().amount()))
                .orElseThrow(() -> new DomainException(PaymentError.REFUND_EXCEEDS_PAID,
                        "This invoice was marked paid without a payment through PayGrid; there is nothing to refund.")
                        .onField("invoice_id"));
        if (amount.exceeds(source.credited())) {
            throw new DomainException(PaymentError.REFUND_EXCEEDS_PAID, "A refund is paid back from one payment; the largest "
                    + "came to " + source.credited().format() + " " + invoice.currency() + ". Refund in parts.").onField("amount");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = Ids.newId(IdPrefix.REFUND);
        if (source.network() == null) {
            if (request.destinationAddress() != null) {
                throw new DomainException(CommonError.VALIDATION_FAILED,
                        "destination_address is for crypto refunds; a card or UPI refund goes back to the payer.")
                        .onField("destination_address");
            }
            return new Refund(id, invoice.merchantId(), invoice.id(), invoice.mode(), amount, source.method(), null, amount,
                    null, null, request.reason(), RefundStatus.PENDING, null, now);
        }
        String destination = request.destinationAddress();
        if (destination == null) {
            throw new DomainException(PaymentError.DESTINATION_REQUIRED,
                    "This invoice was paid with " + source.method() + "; say where to send the refund.").onField("destination_address");
        }
        Pattern shape = switch (source.network()) {
            case "bitcoin" -> BITCOIN_ADDRESS;
            case "bitcoin-testnet" -> BITCOIN_TESTNET_ADDRESS;
            default -> EVM_ADDRESS;
        };
        if (!shape.matcher(destination).matches()) {
            throw new DomainException(CommonError.VALIDATION_FAILED,
                    "destination_address is not a " + source.network() + " address.").onField("destination_address");
        }
        // Paid back in the coin that came in, at the rate it was credited at.
        BigDecimal coins = amount.amount().multiply(source.amount().amount())
                .divide(source.credited().amount(), source.amount().decimals(), RoundingMode.DOWN);
        if (coins.signum() == 0) {
            throw new DomainException(CommonError.INVALID_AMOUNT, "amount is too small to pay back in "
                    + source.amount().currency() + ".").onField("amount");
        }
        return new Refund(id, invoice.merchantId(), invoice.id(), invoice.mode(), amount, source.method(), source.network(),
                new Money(coins, source.amount().currency()), destination, null, request.reason(), RefundStatus.PENDING, null, now);
    }

    /** The simulated processor gave up on a card/UPI refund: it fails, and its amount is free to refund again. */
    public Uni<Void> failTestRefund(SqlConnection tx, String merchantId, String refundId, String errorCode) {
        return refunds.read(tx, merchantId, null, refundId).flatMap(unlocked -> invoices.lock(tx, merchantId, unlocked.invoiceId())
                .flatMap(invoice -> refunds.lock(tx, merchantId, refundId).flatMap(refund -> {
                    if (refund.status() == RefundStatus.SUCCEEDED || refund.status() == RefundStatus.FAILED) {
                        return Uni.createFrom().voidItem();
                    }
                    Refund after = refund.withStatus(RefundStatus.FAILED, null, errorCode);
                    InvoiceHistory history = new InvoiceHistory(invoice.id(), merchantId, invoice.version(), Map.of("source", "worker"))
                            .record(PaymentEvents.REFUND_FAILED, RefundView.of(after));
                    return refunds.update(tx, after).call(() -> invoiceService.commit(tx, invoice, invoice, history)).replaceWithVoid();
                })));
    }

    /** The simulated processor pays a card/UPI refund back. */
    public Uni<Void> settleTestRefund(SqlConnection tx, String merchantId, String refundId) {
        return succeed(tx, merchantId, refundId, null, Map.of("source", "worker"));
    }

    /** The merchant sent a crypto refund and says which transaction carried it. */
    public Uni<Refund> recordTransaction(String merchantId, String mode, String refundId, String txHash, Map<String, Object> actor) {
        return router.inTransaction(merchantId, tx -> refunds.read(tx, merchantId, mode, refundId).flatMap(refund -> {
            if (!refund.isCrypto()) {
                throw new DomainException(PaymentError.INVALID_STATE, "Card and UPI refunds are paid back by PayGrid itself.");
            }
            return succeed(tx, merchantId, refundId, txHash, actor).flatMap(ignored -> refunds.lock(tx, merchantId, refundId));
        }));
    }

    private Uni<Void> succeed(SqlConnection tx, String merchantId, String refundId, String txHash, Map<String, Object> cause) {
        return refunds.read(tx, merchantId, null, refundId).flatMap(unlocked -> invoices.lock(tx, merchantId, unlocked.invoiceId())
                .flatMap(invoice -> refunds.lock(tx, merchantId, refundId).flatMap(refund -> {
                    if (refund.status() == RefundStatus.SUCCEEDED || refund.status() == RefundStatus.FAILED) {
                        if (txHash != null) {
                            throw new DomainException(PaymentError.INVALID_STATE, "This refund is already " + refund.status().api() + ".");
                        }
                        return Uni.createFrom().voidItem();
                    }
                    Refund after = refund.withStatus(RefundStatus.SUCCEEDED, txHash, null);
                    Invoice refunded = invoice.withRefunded(invoice.amountRefunded().plus(after.amount()));
                    InvoiceHistory history = new InvoiceHistory(invoice.id(), merchantId, invoice.version(), cause)
                            .record(PaymentEvents.REFUND_SUCCEEDED, RefundView.of(after));
                    return refunds.update(tx, after)
                            .call(() -> invoiceService.commit(tx, invoice, refunded, history))
                            .replaceWithVoid();
                })));
    }

    /** Body of {@code POST /v1/refunds}; {@code amount} in the invoice's currency, all that is left if absent. */
    public record NewRefund(String invoiceId, String amount, String reason, String destinationAddress) {
    }
}
