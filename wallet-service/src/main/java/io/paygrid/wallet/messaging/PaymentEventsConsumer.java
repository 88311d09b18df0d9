package io.paygrid.wallet.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.contract.PaymentEvents;
import io.paygrid.platform.contract.PaymentEvents.PaymentData;
import io.paygrid.platform.contract.PaymentEvents.RefundData;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.inbox.SkippedEvents;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.wallet.ledger.LedgerService;
import io.paygrid.wallet.ledger.LedgerService.Hold;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Keeps the ledger from payment-service's facts: a payment seen is pending, a confirmed one is deposited,
 * a reverted one is reversed by a compensating entry, a refund is locked and then withdrawn. Each event is
 * applied once (inbox, on the merchant's shard, in the same transaction as its postings).
 */
@ApplicationScoped
public class PaymentEventsConsumer {

    public static final String CHANNEL = "paygrid-payment-events";
    static final String CONSUMER = "wallet-ledger";

    private final ShardRouter router;
    private final LedgerService ledger;
    private final SkippedEvents skipped;

    PaymentEventsConsumer(ShardRouter router, LedgerService ledger, MeterRegistry registry) {
        this.router = router;
        this.ledger = ledger;
        this.skipped = new SkippedEvents(registry, CONSUMER, Topics.PAYMENT_EVENTS);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        Optional<CloudEvent> read = skipped.read(payload);
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        CloudEvent event = read.get();
        boolean payment = PaymentEvents.PAYMENT_TYPES.contains(event.type());
        if (!payment && !PaymentEvents.REFUND_TYPES.contains(event.type())) {
            return event.type().startsWith("invoice.") || PaymentEvents.LEDGER_NEUTRAL_TYPES.contains(event.type())
                    ? Uni.createFrom().voidItem()
                    : skipped.skip("unknown event type " + event.type(), "event " + event.id());
        }
        if (event.merchantId() == null || event.data() == null) {
            return skipped.skip("event " + event.id() + " without merchant or data", event.type());
        }
        CloudEvent known = event;
        return router.inTransaction(event.merchantId(), tx -> Inbox.applyOnce(tx, CONSUMER, known.id(),
                        () -> payment ? applyPayment(tx, known) : applyRefund(tx, known)))
                .replaceWithVoid()
                .onFailure(IllegalArgumentException.class::isInstance)
                .recoverWithUni(e -> skipped.skip("event " + known.id() + " with unreadable data", e.getMessage()))
                .plug(Inbox.untilApplied(CONSUMER, known.id()));
    }

    private Uni<Void> applyPayment(SqlConnection tx, CloudEvent event) {
        PaymentData payment = EventJson.fromTree(event.data(), PaymentData.class);
        require(event, payment.id(), payment.currency(), payment.amount());
        String merchantId = event.merchantId();
        return ledger.lockWallet(tx, merchantId, payment.network(), payment.currency()).flatMap(wallet -> switch (event.type()) {
            case PaymentEvents.PAYMENT_CREATED -> "pending".equals(payment.status())
                    ? ledger.hold(tx, wallet, Hold.PENDING, payment.id(), payment.amount())
                    : Uni.createFrom().voidItem();
            case PaymentEvents.PAYMENT_CONFIRMED -> ledger.release(tx, Hold.PENDING, payment.id())
                    .flatMap(ignored -> ledger.post(tx, wallet, "deposit", payment.amount(), payment.id())).replaceWithVoid();
            case PaymentEvents.PAYMENT_FAILED -> ledger.release(tx, Hold.PENDING, payment.id());
            default -> ledger.release(tx, Hold.PENDING, payment.id())
                    .flatMap(ignored -> ledger.posted(tx, wallet, "deposit", payment.id()))
                    .flatMap(deposited -> deposited
                            ? ledger.post(tx, wallet, "reversal", payment.amount().negate(), payment.id()).replaceWithVoid()
                            : Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> applyRefund(SqlConnection tx, CloudEvent event) {
        RefundData refund = EventJson.fromTree(event.data(), RefundData.class);
        require(event, refund.id(), refund.payoutCurrency(), refund.payoutAmount());
        return ledger.lockWallet(tx, event.merchantId(), refund.network(), refund.payoutCurrency()).flatMap(wallet -> switch (event.type()) {
            case PaymentEvents.REFUND_CREATED -> ledger.hold(tx, wallet, Hold.LOCKED, refund.id(), refund.payoutAmount());
            case PaymentEvents.REFUND_SUCCEEDED -> ledger.release(tx, Hold.LOCKED, refund.id())
                    .flatMap(ignored -> ledger.post(tx, wallet, "withdrawal", refund.payoutAmount().negate(), refund.id())).replaceWithVoid();
            default -> ledger.release(tx, Hold.LOCKED, refund.id());
        });
    }

    private static void require(CloudEvent event, String id, String currency, BigDecimal amount) {
        if (id == null || currency == null || amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("event " + event.id() + " (" + event.type() + ") lacks an id, currency or positive amount");
        }
    }

}
