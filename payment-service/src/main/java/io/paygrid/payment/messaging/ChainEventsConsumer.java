package io.paygrid.payment.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.payment.payment.PaymentService;
import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.contract.ChainEvents.TransferData;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.inbox.SkippedEvents;
import io.paygrid.platform.shard.ShardRouter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.paygrid.platform.money.CurrencyPrecision;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.Optional;

/**
 * Turns wallet-service's chain.events.v1 into payments and invoice states. Each event is applied once (inbox on
 * the merchant's shard, in the transaction of its effect); a failure is retried with backoff and, if it persists,
 * stops the consumer rather than skip money.
 */
@ApplicationScoped
public class ChainEventsConsumer {

    public static final String CHANNEL = "paygrid-chain-events";
    static final String CONSUMER = "payment-chain";
    private static final int MAX_INTEGER_DIGITS = 17;
    private static final String PARK = "INSERT INTO parked_chain_events (event_id, merchant_id, invoice_id, transfer_id, type, "
            + "payload, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";

    private final ShardRouter router;
    private final PaymentService payments;
    private final SkippedEvents skipped;

    ChainEventsConsumer(ShardRouter router, PaymentService payments, MeterRegistry registry) {
        this.router = router;
        this.payments = payments;
        this.skipped = new SkippedEvents(registry, CONSUMER, Topics.CHAIN_EVENTS);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        Optional<CloudEvent> read = skipped.read(payload);
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        CloudEvent event = read.get();
        if (!ChainEvents.TYPES.contains(event.type())) {
            return skipped.skip("unknown event type " + event.type(), "event " + event.id());
        }
        TransferData transfer;
        try {
            transfer = EventJson.fromTree(event.data(), TransferData.class);
        } catch (IllegalArgumentException e) {
            return skipped.skip("event " + event.id() + " with unreadable data", e.getMessage());
        }
        if (transfer == null || transfer.id() == null || transfer.merchantId() == null) {
            return skipped.skip("event " + event.id() + " without transfer or merchant", event.type());
        }
        CloudEvent known = event;
        TransferData data = transfer;
        String problem = unrepresentable(transfer);
        if (problem != null) {
            return park(known, data, payload, problem);
        }
        return router.inTransaction(transfer.merchantId(), tx -> Inbox.applyOnce(tx, CONSUMER, known.id(),
                        () -> payments.applyTransfer(tx, known.type(), data)))
                .replaceWithVoid()
                .onFailure(ChainEventsConsumer::isPermanent)
                .recoverWithUni(e -> park(known, data, payload, e.getMessage()))
                .plug(Inbox.untilApplied(CONSUMER, known.id()));
    }

    /** Why PayGrid cannot record this transfer as a payment, or null when it can. */
    static String unrepresentable(TransferData transfer) {
        if (transfer.invoiceId() == null || transfer.method() == null || transfer.network() == null) {
            return "the transfer names no invoice, method or network";
        }
        if (transfer.amount() == null || transfer.amount().signum() <= 0) {
            return "the transfer has no positive amount";
        }
        Optional<Integer> decimals = CurrencyPrecision.decimalsOf(transfer.currency());
        if (decimals.isEmpty()) {
            return "currency " + transfer.currency() + " is not one PayGrid knows";
        }
        if (transfer.amount().stripTrailingZeros().scale() > decimals.get()) {
            return "the amount has more decimals than " + transfer.currency() + " allows here (" + decimals.get() + ")";
        }
        if (transfer.amount().precision() - transfer.amount().scale() > MAX_INTEGER_DIGITS) {
            return "the amount is too large";
        }
        return null;
    }

    /** A refusal that retrying cannot change: anything but a lost race or an unreachable database. */
    private static boolean isPermanent(Throwable failure) {
        return failure instanceof DomainException d && !d.errorCode().retryable() || failure instanceof IllegalArgumentException;
    }

    /**
     * Keeps an event that cannot be applied, with why, in the merchant's shard (and as applied, so a redelivery does
     * not park it twice): an operator sees it in the table and the counter, and nothing is silently dropped.
     */
    private Uni<Void> park(CloudEvent event, TransferData transfer, String payload, String reason) {
        skipped.skip("chain event " + event.id() + " (" + event.type() + ") of transfer " + transfer.id() + " for invoice "
                + transfer.invoiceId(), "parked: " + reason);
        return router.inTransaction(transfer.merchantId(), tx -> Inbox.applyOnce(tx, CONSUMER, event.id(),
                        () -> tx.preparedQuery(PARK).execute(Tuple.tuple(java.util.Arrays.asList(event.id(), transfer.merchantId(),
                                transfer.invoiceId(), transfer.id(), event.type(), payload, reason))).replaceWithVoid()))
                .replaceWithVoid()
                .plug(Inbox.untilApplied(CONSUMER, event.id()));
    }

}
