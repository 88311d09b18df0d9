package io.paygrid.payment.invoice;

import io.paygrid.platform.money.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An invoice as the API (and every invoice.* event) shows it. */
public record InvoiceView(String id, String object, String merchantId, String status, String exception, String amount,
                          String currency, String amountPaid, String amountDue, String amountConfirmed, String amountRefunded,
                          String orderId, String description, Map<String, Object> metadata, String customerId,
                          List<String> paymentMethods, String paymentTolerancePercent, String redirectUrl, String note,
                          Instant expiresAt, Instant createdAt, Instant paidAt, String checkoutUrl,
                          List<OptionView> paymentOptions, boolean livemode) {

    public static InvoiceView of(Invoice invoice, String publicUrl) {
        return new InvoiceView(invoice.id(), "invoice", invoice.merchantId(), invoice.status().api(), invoice.exception().api(),
                invoice.amount().format(), invoice.currency(), invoice.amountPaid().format(), invoice.amountDue().format(),
                invoice.amountConfirmed().format(), invoice.amountRefunded().format(), invoice.orderId(),
                invoice.description(), invoice.metadata(), invoice.customerId(), invoice.paymentMethods(),
                plain(invoice.tolerancePercent()), invoice.redirectUrl(), invoice.note(), invoice.expiresAt(),
                invoice.createdAt(), invoice.paidAt(), checkoutUrl(publicUrl, invoice.id()),
                invoice.options().stream().map(OptionView::of).toList(), "live".equals(invoice.mode()));
    }

    public static String checkoutUrl(String publicUrl, String invoiceId) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/checkout/" + invoiceId;
    }

    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    public record OptionView(String method, String network, String currency, String address, String amount, String rate,
                             Instant rateExpiresAt, String paymentUri, int requiredConfirmations) {
        static OptionView of(PaymentOption option) {
            return new OptionView(option.method(), option.network(), option.currency(), option.address(),
                    Money.format(option.amount(), option.currency()), plain(option.rate()), option.rateExpiresAt(),
                    option.paymentUri(), option.requiredConfirmations());
        }
    }
}
