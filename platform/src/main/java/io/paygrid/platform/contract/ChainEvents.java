package io.paygrid.platform.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/**
 * The contract of {@code chain.events.v1}, published by wallet-service's chain watchers: what the chain
 * did to a transfer into one of a merchant's leased addresses. Keyed by merchant id.
 */
public final class ChainEvents {

    /** First seen in a block on the best chain. */
    public static final String TRANSFER_DETECTED = "chain.transfer.detected";
    /** A new block on top changed how deep it is (not yet final). */
    public static final String TRANSFER_CONFIRMATIONS_CHANGED = "chain.transfer.confirmations_changed";
    /** Deep enough for the network's or the merchant's required confirmations. */
    public static final String TRANSFER_CONFIRMED = "chain.transfer.confirmed";
    /**
     * Its block left the best chain (a reorg). If the transaction is mined again, that is a new transfer with a
     * new id, which a consumer must treat as a new payment (the ledger credits each payment id once).
     */
    public static final String TRANSFER_REVERTED = "chain.transfer.reverted";

    public static final Set<String> TYPES = Set.of(TRANSFER_DETECTED, TRANSFER_CONFIRMATIONS_CHANGED,
            TRANSFER_CONFIRMED, TRANSFER_REVERTED);

    private ChainEvents() {
    }

    /**
     * {@code data} of every chain.transfer.* event: the transfer's state after the change. {@code amount} is in
     * {@code currency} units (for example ETH, not wei). {@code invoiceId} and {@code leaseId} say which
     * invoice the address was leased for; {@code method} is the payment method it was leased for, while
     * {@code currency} is what actually arrived (a payer may send USDC to an ETH address).
     */
    public record TransferData(String id, String merchantId, String invoiceId, String leaseId, String method,
                               String network, String currency, String address, BigDecimal amount,
                               String txHash, long logIndex, long blockNumber, String blockHash, String fromAddress,
                               int confirmations, int requiredConfirmations, String status, Instant detectedAt) {
    }
}
