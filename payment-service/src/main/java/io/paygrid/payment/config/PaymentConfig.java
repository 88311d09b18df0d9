package io.paygrid.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** payment-service's own settings: {@code paygrid.payments.*}. */
@ConfigMapping(prefix = "paygrid.payments")
public interface PaymentConfig {

    /** Expiry of an invoice when neither the request nor the merchant's settings say. */
    @WithName("default-expiry-minutes")
    @WithDefault("15")
    int defaultExpiryMinutes();

    /** How often the expiry job looks for open invoices past their expiry. */
    @WithName("expiry-interval")
    @WithDefault("5s")
    Duration expiryInterval();

    Worker worker();

    interface Worker {
        /** How long the simulated card/UPI processor takes to answer, as a real one would. */
        @WithName("processing-delay")
        @WithDefault("1s")
        Duration processingDelay();

        @WithName("poll-interval")
        @WithDefault("1s")
        Duration pollInterval();

        @WithName("batch-size")
        @WithDefault("20")
        int batchSize();
    }
}
