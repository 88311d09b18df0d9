package io.paygrid.platform.contract;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The internal REST contract between payment-service and wallet-service: {@code POST /internal/v1/address-leases}
 * (service token only) hands out a fresh address of the merchant's wallet and locks an exchange rate.
 */
public final class AddressLeases {

    public static final String PATH = "/internal/v1/address-leases";

    private AddressLeases() {
    }

    /**
     * {@code amount} and {@code currency} are what the invoice asks for (for example 25.00 USD); the lease
     * converts it into the method's currency at the locked rate. The same {@code invoiceId} and {@code method}
     * always get the same lease back, so a retried call never takes a second address.
     */
    public record LeaseRequest(String merchantId, String invoiceId, String method, BigDecimal amount, String currency,
                               Instant expiresAt) {
    }

    public record Lease(String id, String merchantId, String invoiceId, String method, String network,
                        String currency, String address, BigDecimal amount, BigDecimal rate, String rateId,
                        Instant rateExpiresAt, String paymentUri, int requiredConfirmations, Instant expiresAt) {
    }
}
