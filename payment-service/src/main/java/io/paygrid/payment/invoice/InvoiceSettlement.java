package io.paygrid.payment.invoice;

import io.paygrid.payment.payment.Payment;
import io.paygrid.payment.payment.PaymentStatus;
import io.paygrid.platform.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an invoice's payments make of it: the one place that decides paid, processing, underpaid, overpaid,
 * paid late and invalid. It is recomputed from all payments after every change, so a payment reverted and
 * mined again, or an event seen twice, can never count twice.
 */
public final class InvoiceSettlement {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private InvoiceSettlement() {
    }

    public static Invoice settle(Invoice invoice, List<Payment> payments, Instant now) {
        String currency = invoice.currency();
        Money paid = Money.zero(currency);
        Money confirmed = Money.zero(currency);
        boolean late = false;
        boolean anyLive = false;
        Map<PaymentOption, BigDecimal[]> coins = new LinkedHashMap<>();
        for (Payment payment : payments) {
            // A card or UPI attempt is money only once the processor confirms it; a chain payment as soon as it is seen.
            if (!payment.status().isLive() || payment.status() == PaymentStatus.PENDING && !payment.isChain()) {
                continue;
            }
            boolean isConfirmed = payment.status() == PaymentStatus.CONFIRMED;
            if (payment.isChain()) {
                Optional<PaymentOption> option = invoice.option(payment.method())
                        .filter(o -> o.currency().equalsIgnoreCase(payment.amount().currency()));
                if (option.isEmpty()) {
                    // Another coin than the address was leased for: recorded, but not money toward this invoice.
                    continue;
                }
                BigDecimal[] sums = coins.computeIfAbsent(option.get(), o -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(payment.amount().amount());
                if (isConfirmed) {
                    sums[1] = sums[1].add(payment.amount().amount());
                }
            } else {
                paid = paid.plus(payment.credited());
                if (isConfirmed) {
                    confirmed = confirmed.plus(payment.credited());
                }
            }
            anyLive = true;
            late |= payment.late();
        }
        // Coins of one option are added up before converting, so three thirds of the amount due pay it in full.
        for (Map.Entry<PaymentOption, BigDecimal[]> sums : coins.entrySet()) {
            String coin = sums.getKey().currency();
            paid = paid.plus(credit(invoice, sums.getKey(), new Money(sums.getValue()[0], coin)));
            confirmed = confirmed.plus(credit(invoice, sums.getKey(), new Money(sums.getValue()[1], coin)));
        }
        InvoiceStatus status = invoice.status();
        if (status == InvoiceStatus.CANCELLED || invoice.exception() == ExceptionStatus.MARKED) {
            return invoice.settled(status, invoice.exception(), paid, confirmed, now);
        }
        Money threshold = threshold(invoice);
        boolean pastExpiry = !now.isBefore(invoice.expiresAt());
        if (!anyLive) {
            boolean lostItsMoney = status == InvoiceStatus.PROCESSING || status == InvoiceStatus.PAID;
            InvoiceStatus unpaid = lostItsMoney ? InvoiceStatus.INVALID
                    : status == InvoiceStatus.OPEN && pastExpiry ? InvoiceStatus.EXPIRED : status;
            return invoice.settled(unpaid, ExceptionStatus.NONE, paid, confirmed, now);
        }
        ExceptionStatus covered = late ? ExceptionStatus.PAID_LATE
                : paid.exceeds(invoice.amount()) ? ExceptionStatus.OVERPAID : ExceptionStatus.NONE;
        if (confirmed.compareTo(threshold) >= 0) {
            return invoice.settled(InvoiceStatus.PAID, covered, paid, confirmed, now);
        }
        if (paid.compareTo(threshold) >= 0) {
            return invoice.settled(InvoiceStatus.PROCESSING, covered, paid, confirmed, now);
        }
        ExceptionStatus shortfall = late ? ExceptionStatus.PAID_LATE : ExceptionStatus.UNDERPAID;
        if (status == InvoiceStatus.PAID) {
            return invoice.settled(InvoiceStatus.INVALID, shortfall, paid, confirmed, now);
        }
        InvoiceStatus underpaid = pastExpiry && status != InvoiceStatus.INVALID ? InvoiceStatus.EXPIRED : InvoiceStatus.PROCESSING;
        return invoice.settled(underpaid, shortfall, paid, confirmed, now);
    }

    /** The least that counts as paid: the amount less the tolerance, in the invoice currency's units. */
    static Money threshold(Invoice invoice) {
        BigDecimal allowed = invoice.amount().amount()
                .multiply(HUNDRED.subtract(invoice.tolerancePercent()))
                .divide(HUNDRED, invoice.amount().decimals(), RoundingMode.UP);
        return new Money(allowed, invoice.currency());
    }

    /**
     * What {@code amount} of the option's currency is worth in the invoice's currency: the share of the option's
     * amount due, so paying exactly what the option asked credits exactly the invoice's amount. Rounded down.
     */
    public static Money credit(Invoice invoice, PaymentOption option, Money amount) {
        if (!option.currency().equalsIgnoreCase(amount.currency())) {
            return Money.zero(invoice.currency());
        }
        BigDecimal worth = amount.amount().multiply(invoice.amount().amount())
                .divide(option.amount(), invoice.amount().decimals(), RoundingMode.DOWN);
        return new Money(worth, invoice.currency());
    }
}
