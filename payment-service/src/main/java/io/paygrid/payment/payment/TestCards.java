package io.paygrid.payment.payment;

import io.paygrid.payment.PaymentError;
import io.paygrid.platform.error.DomainException;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The simulated processor's rules. Documented outcomes: 4242424242424242 and success@paygrid succeed,
 * 4000000000000002 and failure@paygrid are declined; any other valid card or address succeeds. The card
 * number is only ever read here, reduced to its last four digits and network, and never kept.
 */
public final class TestCards {

    public static final String SUCCEED = "succeed";
    public static final String CARD_DECLINED = "card_declined";
    public static final String UPI_DECLINED = "upi_declined";

    private static final String DECLINED_CARD = "4000000000000002";
    private static final Pattern VPA = Pattern.compile("[a-zA-Z0-9._-]{2,64}@[a-zA-Z][a-zA-Z0-9]{1,63}");

    private TestCards() {
    }

    public record CardCheck(String last4, String network, String outcome) {
    }

    public static CardCheck check(String number, int expMonth, int expYear, String cvc) {
        String digits = number.replace(" ", "").replace("-", "");
        if (!digits.matches("[0-9]{12,19}") || !luhn(digits)) {
            throw invalid("card.number", "is not a valid card number.");
        }
        if (expMonth < 1 || expMonth > 12 || YearMonth.of(expYear, expMonth).isBefore(YearMonth.now(ZoneOffset.UTC))) {
            throw invalid("card.exp_month", "the card has expired.");
        }
        String network = network(digits);
        int cvcLength = "amex".equals(network) ? 4 : 3;
        if (cvc == null || !cvc.matches("[0-9]{" + cvcLength + "}")) {
            throw invalid("card.cvc", "must be " + cvcLength + " digits.");
        }
        String outcome = DECLINED_CARD.equals(digits) ? CARD_DECLINED : SUCCEED;
        return new CardCheck(digits.substring(digits.length() - 4), network, outcome);
    }

    /** The UPI outcome for a virtual payment address; 422 if it is not one. */
    public static String checkVpa(String vpa) {
        if (vpa == null || !VPA.matcher(vpa).matches()) {
            throw new DomainException(PaymentError.INVALID_VPA, "vpa must look like name@bank.").onField("vpa");
        }
        return "failure@paygrid".equalsIgnoreCase(vpa) ? UPI_DECLINED : SUCCEED;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    static String network(String digits) {
        if (digits.startsWith("4")) {
            return "visa";
        }
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return "mastercard";
        }
        if (two == 34 || two == 37) {
            return "amex";
        }
        if (digits.startsWith("6011") || digits.startsWith("65")) {
            return "discover";
        }
        if (digits.startsWith("60") || digits.startsWith("81") || digits.startsWith("82") || digits.startsWith("508")) {
            return "rupay";
        }
        return "unknown";
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(PaymentError.INVALID_CARD, field + " " + message).onField(field);
    }
}
