package io.paygrid.wallet.address;

import io.micrometer.core.instrument.MeterRegistry;
import io.paygrid.platform.contract.AddressLeases.Lease;
import io.paygrid.platform.contract.AddressLeases.LeaseRequest;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.contract.WalletEvents;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.outbox.Outbox;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.wallet.WalletError;
import io.paygrid.wallet.config.WalletConfig;
import io.paygrid.wallet.network.ChainCatalog;
import io.paygrid.wallet.network.ChainCurrency;
import io.paygrid.wallet.network.ChainNetwork;
import io.paygrid.wallet.rate.RateQuote;
import io.paygrid.wallet.rate.RateService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Hands out a fresh address of the merchant's wallet for one invoice and payment method, with the amount
 * due at a locked rate. An address is never handed out twice: the pool row is taken under
 * {@code FOR UPDATE SKIP LOCKED}, or derived at an index claimed under the scheme's row lock.
 */
@ApplicationScoped
public class LeaseService {

    private static final String EXISTING = "SELECT * FROM address_leases WHERE merchant_id = $1 AND invoice_id = $2 AND method = $3";
    private static final String ACTIVE_SCHEME = "SELECT id, account_key, gap_limit, gap_exceeded_at FROM derivation_schemes "
            + "WHERE merchant_id = $1 AND network = $2 AND retired_at IS NULL";
    private static final String TAKE_AVAILABLE = """
            UPDATE addresses SET status = 'assigned', lease_id = $2, assigned_at = now()
             WHERE (network, address) = (SELECT network, address FROM addresses
                                          WHERE scheme_id = $1 AND status = 'available'
                                          ORDER BY derivation_index LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING network, address, derivation_index""";
    private static final String TAKE_DERIVED = "UPDATE addresses SET status = 'assigned', lease_id = $3, assigned_at = now() "
            + "WHERE scheme_id = $1 AND derivation_index = $2 AND status = 'available' RETURNING network, address, derivation_index";
    private static final String INSERT_LEASE = """
            INSERT INTO address_leases (id, merchant_id, invoice_id, method, network, currency, address, amount,
                invoice_amount, invoice_currency, rate, rate_id, rate_expires_at, payment_uri, required_confirmations,
                expires_at, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            ON CONFLICT (merchant_id, invoice_id, method) DO NOTHING RETURNING *""";
    /* Indexes handed out after the last one paid: the run a wallet scanning with its gap limit may not see. */
    private static final String UNUSED_RUN = """
            SELECT COALESCE((SELECT derivation_index FROM addresses WHERE scheme_id = $1 AND status <> 'available'
                              ORDER BY derivation_index DESC LIMIT 1), -1)
                 - COALESCE((SELECT derivation_index FROM addresses WHERE scheme_id = $1 AND status = 'used'
                              ORDER BY derivation_index DESC LIMIT 1), -1) AS run""";
    /* The first lease past the limit warns; the flag clears when a payment arrives (TransferStore). */
    private static final String MARK_GAP_EXCEEDED = "UPDATE derivation_schemes SET gap_exceeded_at = now() "
            + "WHERE id = $1 AND gap_exceeded_at IS NULL";
    private static final String MERCHANT_CONFIRMATIONS = "SELECT settings -> 'confirmations' ->> $2::text AS confirmations "
            + "FROM merchant_replica WHERE merchant_id = $1";

    private final ShardRouter router;
    private final ChainCatalog catalog;
    private final RateService rates;
    private final DerivationSchemeService schemes;
    private final MeterRegistry registry;
    private final WalletConfig config;

    LeaseService(ShardRouter router, ChainCatalog catalog, RateService rates, DerivationSchemeService schemes, MeterRegistry registry,
                 WalletConfig config) {
        this.config = config;
        this.router = router;
        this.catalog = catalog;
        this.rates = rates;
        this.schemes = schemes;
        this.registry = registry;
    }

    /** The invoice's lease for the method: the existing one, or a new one. */
    public Uni<Lease> lease(LeaseRequest request) {
        ChainCurrency currency = catalog.method(request.method())
                .orElseThrow(() -> new DomainException(WalletError.UNSUPPORTED_PAYMENT_METHOD,
                        "Payment method '" + request.method() + "' is not offered here.").onField("method"));
        ChainNetwork network = catalog.network(currency.network()).orElseThrow();
        if (!network.watched()) {
            throw new DomainException(WalletError.UNSUPPORTED_PAYMENT_METHOD, "Payment method '" + request.method()
                    + "' is not offered: this deployment has no node watching " + network.id() + ".").onField("method");
        }
        Pool pool = router.poolFor(request.merchantId());
        return existing(pool, request).onItem().ifNull().switchTo(() -> rates.quote(currency.code(), request.currency())
                .flatMap(quote -> requiredConfirmations(request.merchantId(), network)
                        .flatMap(confirmations -> pool.withTransaction(tx -> assign(tx, request, network, currency, quote, confirmations))))
                .onFailure(LeaseRaceLost.class).recoverWithUni(() -> existing(pool, request))
                .call(lease -> watchGap(request.merchantId(), network)));
    }

    private Uni<Lease> existing(Pool pool, LeaseRequest request) {
        return pool.preparedQuery(EXISTING).execute(Tuple.of(request.merchantId(), request.invoiceId(), request.method().toLowerCase(Locale.ROOT)))
                .map(rows -> rows.rowCount() == 0 ? null : toLease(rows.iterator().next()));
    }

    private Uni<Lease> assign(SqlConnection tx, LeaseRequest request, ChainNetwork network, ChainCurrency currency,
                              RateQuote quote, int confirmations) {
        String leaseId = Ids.newId(IdPrefix.ADDRESS_LEASE);
        BigDecimal amount = request.amount().divide(quote.rate(), currency.quoteDecimals(), RoundingMode.UP);
        return tx.preparedQuery(ACTIVE_SCHEME).execute(Tuple.of(request.merchantId(), network.id())).flatMap(schemeRows -> {
            if (schemeRows.rowCount() == 0) {
                return Uni.createFrom().failure(new DomainException(WalletError.NO_DERIVATION_SCHEME,
                        "Register an extended public key for " + network.id() + " before offering " + request.method() + "."));
            }
            Row scheme = schemeRows.iterator().next();
            String schemeId = scheme.getString("id");
            return tx.preparedQuery(TAKE_AVAILABLE).execute(Tuple.of(schemeId, leaseId)).flatMap(taken -> {
                if (taken.rowCount() == 1) {
                    return Uni.createFrom().item(taken.iterator().next().getString("address"));
                }
                AccountKey key = AccountKey.parse(scheme.getString("account_key"), network);
                return schemes.derive(tx, schemeId, request.merchantId(), network, key, config.poolSize())
                        .flatMap(index -> tx.preparedQuery(TAKE_DERIVED).execute(Tuple.of(schemeId, index, leaseId)))
                        .map(derived -> derived.iterator().next().getString("address"));
            });
        }).flatMap(storedAddress -> {
            String shown = DerivationSchemeService.display(storedAddress, network);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Instant rateExpiresAt = now.plus(rates.lockDuration());
            Tuple row = Tuple.tuple(List.of(leaseId, request.merchantId(), request.invoiceId(), request.method().toLowerCase(Locale.ROOT),
                    network.id(), currency.code(), storedAddress, amount, request.amount(), request.currency().toUpperCase(Locale.ROOT),
                    quote.rate()));
            row.addValue(quote.id()).addValue(rateExpiresAt.atOffset(ZoneOffset.UTC))
                    .addValue(PaymentUris.of(network, currency, shown, amount)).addValue(confirmations)
                    .addValue(request.expiresAt().atOffset(ZoneOffset.UTC)).addValue(now.atOffset(ZoneOffset.UTC));
            return tx.preparedQuery(INSERT_LEASE).execute(row).flatMap(inserted -> inserted.rowCount() == 0
                    ? Uni.createFrom().failure(new LeaseRaceLost())
                    : Uni.createFrom().item(toLease(inserted.iterator().next())));
        });
    }

    /** The merchant's confirmations for the network (settings.confirmations), else the network's. */
    private Uni<Integer> requiredConfirmations(String merchantId, ChainNetwork network) {
        return router.main().preparedQuery(MERCHANT_CONFIRMATIONS).execute(Tuple.of(merchantId, network.id())).map(rows -> {
            String configured = rows.rowCount() == 0 ? null : rows.iterator().next().getString("confirmations");
            if (configured != null && configured.matches("\\d{1,4}") && Integer.parseInt(configured) > 0) {
                return Integer.parseInt(configured);
            }
            return network.requiredConfirmations();
        });
    }

    private Uni<Void> watchGap(String merchantId, ChainNetwork network) {
        Pool pool = router.poolFor(merchantId);
        return pool.withTransaction(tx -> tx.preparedQuery(ACTIVE_SCHEME).execute(Tuple.of(merchantId, network.id())).flatMap(schemeRows -> {
            if (schemeRows.rowCount() == 0) {
                return Uni.createFrom().voidItem();
            }
            Row scheme = schemeRows.iterator().next();
            if (scheme.getValue("gap_exceeded_at") != null) {
                return Uni.createFrom().voidItem();
            }
            int gapLimit = scheme.getInteger("gap_limit");
            String schemeId = scheme.getString("id");
            return tx.preparedQuery(UNUSED_RUN).execute(Tuple.of(schemeId)).flatMap(rows -> {
                int run = rows.iterator().next().getInteger("run");
                if (run <= gapLimit) {
                    return Uni.createFrom().voidItem();
                }
                return tx.preparedQuery(MARK_GAP_EXCEEDED).execute(Tuple.of(schemeId)).flatMap(marked -> marked.rowCount() == 0
                        ? Uni.createFrom().voidItem()
                        : warnGap(merchantId, network, run, gapLimit).chain(() -> Outbox.append(tx, Topics.WALLET_EVENTS, CloudEvent.of(WalletEvents.GAP_LIMIT_EXCEEDED,
                        DerivationSchemeService.SOURCE, merchantId, schemeId,
                        EventJson.toTree(new WalletEvents.GapLimitData(merchantId, network.id(), schemeId, run, gapLimit))))));
            });
        })).onFailure().recoverWithItem(failure -> {
            Log.warnf("Gap-limit check for %s on %s failed: %s", merchantId, network.id(), failure.getMessage());
            return null;
        });
    }

    private Uni<Void> warnGap(String merchantId, ChainNetwork network, int run, int gapLimit) {
        registry.counter("paygrid.wallet.gap_limit.exceeded", "network", network.id()).increment();
        Log.warnf("Merchant %s has %d unpaid addresses in a row on %s, beyond its wallet's gap limit %d: payments to later "
                + "ones may not show in the merchant's wallet until it scans further", merchantId, run, network.id(), gapLimit);
        return Uni.createFrom().voidItem();
    }

    private Lease toLease(Row row) {
        ChainNetwork network = catalog.network(row.getString("network")).orElseThrow();
        return new Lease(row.getString("id"), row.getString("merchant_id"), row.getString("invoice_id"), row.getString("method"),
                network.id(), row.getString("currency"), DerivationSchemeService.display(row.getString("address"), network),
                row.getBigDecimal("amount").stripTrailingZeros(), row.getBigDecimal("rate").stripTrailingZeros(),
                row.getString("rate_id"), row.getOffsetDateTime("rate_expires_at").toInstant(), row.getString("payment_uri"),
                row.getInteger("required_confirmations"), row.getOffsetDateTime("expires_at").toInstant());
    }

    /** Another request created the same invoice's lease first; this transaction is rolled back and that lease returned. */
    private static final class LeaseRaceLost extends RuntimeException {
        LeaseRaceLost() {
            super("lease race lost", null, false, false);
        }
    }
}
