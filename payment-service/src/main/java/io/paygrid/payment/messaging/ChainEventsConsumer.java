package io.paygrid.payment.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.payment.payment.PaymentService;
import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.contract.ChainEvents.TransferData;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.inbox.Inbox;
import io.paygrid.platform.shard.ShardRouter;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;

/**
 * Turns wallet-service's chain.events.v1 into payments and invoice states. Each event is applied once (inbox on
 * the merchant's shard, in the transaction of its effect); a failure is retried with backoff and, if it persists,
 * stops the consumer rather than skip money.
 */
@ApplicationScoped
public class ChainEventsConsumer {

    public static final String CHANNEL = "paygrid-chain-events";
    static final String CONSUMER = "payment-chain";

    private final ShardRouter router;
    private final PaymentService payments;
    private final Counter unreadable;

    ChainEventsConsumer(ShardRouter router, PaymentService payments, MeterRegistry registry) {
        this.router = router;
        this.payments = payments;
        this.unreadable = Counter.builder("paygrid.consumer.unreadable.events").tag("consumer", CONSUMER)
                .description("Events a consumer could not read or does not know, logged and skipped").register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        CloudEvent event;
        try {
            event = EventJson.read(payload);
        } catch (IllegalArgumentException e) {
            return skip("an unreadable event", e.getMessage());
        }
        if (!ChainEvents.TYPES.contains(event.type())) {
            return skip("unknown event type " + event.type(), "event " + event.id());
        }
        TransferData transfer;
        try {
            transfer = EventJson.fromTree(event.data(), TransferData.class);
        } catch (IllegalArgumentException e) {
            return skip("event " + event.id() + " with unreadable data", e.getMessage());
        }
        if (transfer == null || transfer.id() == null || transfer.merchantId() == null || transfer.invoiceId() == null
                || transfer.amount() == null || transfer.amount().signum() <= 0 || transfer.currency() == null) {
            return skip("event " + event.id() + " without transfer, merchant, invoice or positive amount", event.type());
        }
        CloudEvent known = event;
        TransferData data = transfer;
        return router.inTransaction(transfer.merchantId(), tx -> Inbox.applyOnce(tx, CONSUMER, known.id(),
                        () -> payments.applyTransfer(tx, known.type(), data)))
                .replaceWithVoid()
                .onFailure(e -> e instanceof DomainException d && d.errorCode() == CommonError.NOT_FOUND)
                .recoverWithUni(e -> skip("event " + known.id() + " for invoice " + data.invoiceId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(12);
    }

    private Uni<Void> skip(String what, String why) {
        unreadable.increment();
        Log.errorf("Skipped %s on chain.events.v1: %s", what, why);
        return Uni.createFrom().voidItem();
    }
}
