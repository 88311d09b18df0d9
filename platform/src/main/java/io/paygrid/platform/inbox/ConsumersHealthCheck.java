package io.paygrid.platform.inbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.config.PlatformConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Duration;
import java.util.List;

/**
 * Down while a consumer has been retrying one event for longer than {@code paygrid.inbox.stall-after}: its
 * partition is stalled. A wellness check (in {@code /q/health} and {@code /q/health/well}), not readiness: the API
 * still works, and taking the instance out of the load balancer would not unstick the consumer. The gauges
 * {@code paygrid_consumer_held_back_events} and {@code paygrid_consumer_held_back_oldest_seconds} are for alerts, and
 * exist from start-up ({@code @Startup}), not from the first call of this check.
 */
@Wellness
@Startup
@ApplicationScoped
public class ConsumersHealthCheck implements HealthCheck {

    private final Duration stall;

    ConsumersHealthCheck(PlatformConfig config, MeterRegistry registry) {
        this.stall = config.inbox().stallAfter();
        Gauge.builder("paygrid.consumer.held_back.events", () -> HeldBackEvents.now().size())
                .description("Events a consumer could not apply yet and keeps retrying").register(registry);
        Gauge.builder("paygrid.consumer.held_back.oldest", () -> HeldBackEvents.oldest().toMillis() / 1000.0)
                .description("Seconds the oldest held-back event has been retried").baseUnit("seconds").register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        List<HeldBackEvents.Held> held = HeldBackEvents.now();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("consumers").up();
        for (HeldBackEvents.Held event : held) {
            if (event.age().compareTo(stall) > 0) {
                builder.down().withData(event.consumer() + " " + event.eventId(), "retried for " + event.age().toSeconds() + " s");
            }
        }
        return builder.withData("held_back_events", held.size()).build();
    }
}
