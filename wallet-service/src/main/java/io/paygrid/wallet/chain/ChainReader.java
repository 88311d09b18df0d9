package io.paygrid.wallet.chain;

import io.smallrye.mutiny.Uni;

import java.math.BigInteger;
import java.util.List;

/** What a watcher needs of a node: the head, blocks by height, and the transfers in a block. */
public interface ChainReader {

    Uni<Long> headNumber();

    /** The best chain's block at {@code number}, or null above the head. */
    Uni<BlockRef> block(long number);

    /**
     * The value transfers in the block that may be payments (native coin outputs and known token transfers),
     * before matching against addresses; {@code address} in the stored (canonical) form.
     */
    Uni<List<ObservedTransfer>> transfers(BlockRef block);

    /** Of these (already matched) transfers, those whose transaction succeeded. */
    Uni<List<ObservedTransfer>> succeeded(List<ObservedTransfer> matched);

    record BlockRef(long number, String hash, String parentHash) {
    }

    /** {@code amount} in base units of {@code currency}; {@code logIndex} is the log or output index. */
    record ObservedTransfer(String txHash, long logIndex, String address, String currency, BigInteger amount,
                            String fromAddress, BlockRef block) {
    }
}
