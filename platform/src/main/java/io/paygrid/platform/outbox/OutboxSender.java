package io.paygrid.platform.outbox;

import io.smallrye.mutiny.Uni;

/** Publishes one outbox message; the returned Uni completes only once the broker has acknowledged it. */
public interface OutboxSender {

    Uni<Void> send(OutboxMessage message);
}
