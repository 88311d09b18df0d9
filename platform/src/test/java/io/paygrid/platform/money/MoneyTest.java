package io.paygrid.platform.money;

import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void shouldRejectMoreDecimalsThanTheCurrencyAllows() {
        assertThatThrownBy(() -> Money.parse("1.001", "USD"))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(CommonError.AMOUNT_TOO_PRECISE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "1e3", "1E3", "+5", "", " 1", "1 ", "1.", ".5", "01", "1,00", "NaN", "Infinity", "0x10", "1.2.3"})
    void shouldRejectAmountsThatAreNotPlainDecimals(String amount) {
        assertThatThrownBy(() -> Money.parse(amount, "USD"))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(CommonError.INVALID_AMOUNT);
    }

    @Test
    void shouldRejectNullAmount() {
        assertThatThrownBy(() -> Money.parse(null, "USD")).isInstanceOf(DomainException.class);
    }

    @Test
    void shouldAcceptAmountsWithinThePrecision() {
        assertThat(Money.parse("25.00", "USD").amount()).isEqualByComparingTo("25");
        assertThat(Money.parse("1.10", "usd").currency()).isEqualTo("USD");
        assertThat(Money.parse("0.000000000000000001", "ETH").amount()).isEqualByComparingTo("1E-18");
        assertThat(Money.parse("0.00000001", "BTC").decimals()).isEqualTo(8);
        assertThat(Money.parse("100", "JPY").format()).isEqualTo("100");
        assertThat(Money.parse("1.5000", "USDC").amount()).isEqualByComparingTo("1.5");
    }

    @Test
    void shouldTreatTrailingZerosBeyondPrecisionAsTheSameAmount() {
        assertThat(Money.parse("1.000", "USD")).isEqualTo(Money.parse("1", "USD"));
        assertThatThrownBy(() -> Money.parse("1.0000001", "USDC")).isInstanceOf(DomainException.class);
    }

    @Test
    void shouldRejectUnknownCurrencies() {
        assertThatThrownBy(() -> Money.parse("1", "XYZW"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(CommonError.UNKNOWN_CURRENCY);
        assertThatThrownBy(() -> Money.parse("1", "ZZZ"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(CommonError.UNKNOWN_CURRENCY);
    }

    @Test
    void shouldFormatForTheApi() {
        assertThat(Money.parse("25", "USD").format()).isEqualTo("25.00");
        assertThat(Money.parse("0", "USD").format()).isEqualTo("0");
        assertThat(Money.parse("0.012500", "ETH").format()).isEqualTo("0.0125");
        assertThat(Money.format(new BigDecimal("1.5E+3"), "ETH")).isEqualTo("1500");
    }

    @Test
    void shouldAddAndCompareOnlyTheSameCurrency() {
        Money ten = Money.parse("10.00", "USD");
        assertThat(ten.plus(Money.parse("0.01", "USD")).format()).isEqualTo("10.01");
        assertThat(ten.exceeds(Money.parse("9.99", "USD"))).isTrue();
        assertThatThrownBy(() -> ten.plus(Money.parse("1", "EUR")))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(CommonError.CURRENCY_MISMATCH);
        assertThatThrownBy(() -> Money.parse("1", "USD").minus(ten))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(CommonError.INVALID_AMOUNT);
    }
}
