package io.paygrid.wallet.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.contract.WalletEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.outbox.Outbox;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The merchant's balances. {@code confirmed} changes only by an append-only ledger entry that records the
 * balance after it; {@code pending} (payments seen, not final) and {@code locked} (refunds on their way out)
 * are sums of open holds. Every change takes the wallet row's lock first, so concurrent postings serialize
 * and a posting is applied at most once per (wallet, type, reference). Made at start-up, so that its exceptions
 * counter exists before the first exception and an alert on its increase sees that one too.
 */
@Startup
@ApplicationScoped
public class LedgerService {

    static final String SOURCE = "wallet-service";
    private static final String ENSURE_WALLET = "INSERT INTO wallets (id, merchant_id, network, currency) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (merchant_id, network, currency) DO NOTHING";
    private static final String LOCK_WALLET = "SELECT * FROM wallets WHERE merchant_id = $1 AND network IS NOT DISTINCT FROM $2 "
            + "AND currency = $3 FOR UPDATE";
    private static final String ENTRY_EXISTS = "SELECT 1 FROM ledger_entries WHERE wallet_id = $1 AND type = $2 AND reference = $3";
    private static final String MOVE_CONFIRMED = "UPDATE wallets SET confirmed = confirmed + $2, updated_at = now() WHERE id = $1 "
            + "RETURNING confirmed, pending, locked";
    private static final String INSERT_ENTRY = "INSERT INTO ledger_entries (id, wallet_id, merchant_id, type, amount, balance_after, "
            + "reference, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    private static final String OPEN_HOLD = "INSERT INTO balance_holds (kind, reference, wallet_id, amount) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (kind, reference) DO NOTHING";
    private static final String RELEASE_HOLD = "UPDATE balance_holds SET released_at = now() "
            + "WHERE kind = $1 AND reference = $2 AND released_at IS NULL RETURNING wallet_id";
    private static final String RECORD_EXCEPTION = "INSERT INTO ledger_exceptions (id, wallet_id, merchant_id, type, amount, reference, reason) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (wallet_id, type, reference) DO NOTHING";
    private static final String HOLD_SUMS = """
            UPDATE wallets w SET
                pending = COALESCE((SELECT sum(amount) FROM balance_holds WHERE wallet_id = w.id AND kind = 'pending' AND released_at IS NULL), 0),
                locked  = COALESCE((SELECT sum(amount) FROM balance_holds WHERE wallet_id = w.id AND kind = 'locked' AND released_at IS NULL), 0),
                updated_at = now()
             WHERE id = $1""";

    private final Counter exceptions;

    LedgerService(MeterRegistry registry) {
        this.exceptions = Counter.builder("paygrid.wallet.ledger.exceptions")
                .description("Postings set aside because the balance could not take them").register(registry);
    }

    /** Which balance a hold counts toward. */
    public enum Hold {
        PENDING, LOCKED;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The merchant's wallet for the currency (network null for card and UPI), locked for this transaction. */
    public Uni<Row> lockWallet(SqlConnection tx, String merchantId, String network, String currency) {
        return tx.preparedQuery(ENSURE_WALLET).execute(Tuple.of(Ids.newId(IdPrefix.WALLET), merchantId, network, currency))
                .flatMap(ignored -> tx.preparedQuery(LOCK_WALLET).execute(Tuple.of(merchantId, network, currency)))
                .map(rows -> rows.iterator().next());
    }

    /**
     * Posts an entry to the confirmed balance: positive for deposit, negative for withdrawal, fee and reversal.
     * Emits false when this (type, reference) was already posted.
     */
    public Uni<Boolean> post(SqlConnection tx, Row wallet, String type, BigDecimal signedAmount, String reference) {
        String walletId = wallet.getString("id");
        return tx.preparedQuery(ENTRY_EXISTS).execute(Tuple.of(walletId, type, reference)).flatMap(existing -> {
            if (existing.rowCount() > 0) {
                return Uni.createFrom().item(false);
            }
            BigDecimal balance = wallet.getBigDecimal("confirmed");
            if (balance.add(signedAmount).signum() < 0) {
                return setAside(tx, wallet, type, signedAmount, reference,
                        "would take the confirmed balance " + balance.toPlainString() + " below zero").replaceWith(false);
            }
            return tx.preparedQuery(MOVE_CONFIRMED).execute(Tuple.of(walletId, signedAmount)).flatMap(balances -> {
                Row after = balances.iterator().next();
                String id = Ids.newId(IdPrefix.LEDGER_ENTRY);
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                BigDecimal confirmed = after.getBigDecimal("confirmed");
                Tuple entry = Tuple.tuple(List.of(id, walletId, wallet.getString("merchant_id"), type, signedAmount,
                        confirmed, reference, now.atOffset(ZoneOffset.UTC)));
                WalletEvents.LedgerEntryData data = new WalletEvents.LedgerEntryData(id, walletId, wallet.getString("merchant_id"),
                        wallet.getString("network"), wallet.getString("currency"), type, signedAmount, reference, confirmed,
                        after.getBigDecimal("pending"), after.getBigDecimal("locked"), now);
                return tx.preparedQuery(INSERT_ENTRY).execute(entry)
                        .flatMap(ignored -> Outbox.append(tx, Topics.WALLET_EVENTS, CloudEvent.of(WalletEvents.LEDGER_ENTRY_POSTED,
                                SOURCE, data.merchantId(), walletId, EventJson.toTree(data))))
                        .replaceWith(true);
            });
        });
    }

    /**
     * A posting the balance cannot take is kept aside for an operator (logged as an error and counted), and the
     * event that caused it is consumed, so one merchant's anomaly never stops the ledger for all.
     */
    private Uni<Void> setAside(SqlConnection tx, Row wallet, String type, BigDecimal signedAmount, String reference, String reason) {
        exceptions.increment();
        Log.errorf("Ledger posting %s %s for %s on wallet %s set aside: %s", type, signedAmount.toPlainString(), reference,
                wallet.getString("id"), reason);
        return tx.preparedQuery(RECORD_EXCEPTION).execute(Tuple.tuple(List.of(Ids.newId(IdPrefix.LEDGER_ENTRY), wallet.getString("id"),
                wallet.getString("merchant_id"), type, signedAmount, reference, reason))).replaceWithVoid();
    }

    /** Whether an entry of this type and reference was posted to the wallet. */
    public Uni<Boolean> posted(SqlConnection tx, Row wallet, String type, String reference) {
        return tx.preparedQuery(ENTRY_EXISTS).execute(Tuple.of(wallet.getString("id"), type, reference)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Void> hold(SqlConnection tx, Row wallet, Hold kind, String reference, BigDecimal amount) {
        return tx.preparedQuery(OPEN_HOLD).execute(Tuple.of(kind.column(), reference, wallet.getString("id"), amount))
                .flatMap(ignored -> tx.preparedQuery(HOLD_SUMS).execute(Tuple.of(wallet.getString("id"))))
                .replaceWithVoid();
    }

    /** Releases the hold and recomputes the balances of the wallet it was on. */
    public Uni<Void> release(SqlConnection tx, Hold kind, String reference) {
        return tx.preparedQuery(RELEASE_HOLD).execute(Tuple.of(kind.column(), reference))
                .flatMap(released -> released.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : tx.preparedQuery(HOLD_SUMS).execute(Tuple.of(released.iterator().next().getString("wallet_id"))).replaceWithVoid());
    }
}
