package io.paygrid.merchant.messaging;

import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Writes a merchant.events.v1 event into the outbox, in the current Panache transaction. */
public final class MerchantEventsOutbox {

    public static final String SOURCE = "/merchant-service";

    private MerchantEventsOutbox() {
    }

    public static Uni<Void> announce(String type, String merchantId, String subject, Object data) {
        CloudEvent event = CloudEvent.of(type, SOURCE, merchantId, subject, EventJson.toTree(data));
        return Panache.getSession().chain(session -> Outbox.append(session, Topics.MERCHANT_EVENTS, event));
    }
}
