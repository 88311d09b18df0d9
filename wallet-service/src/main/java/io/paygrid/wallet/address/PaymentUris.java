package io.paygrid.wallet.address;

import io.paygrid.wallet.network.ChainCurrency;
import io.paygrid.wallet.network.ChainNetwork;

import java.math.BigDecimal;

/** What a wallet app opens from a QR code: BIP21 for Bitcoin, EIP-681 for EVM coins and tokens. */
public final class PaymentUris {

    private PaymentUris() {
    }

    /** {@code address} as the payer sees it (EIP-55 for EVM); {@code amount} in {@code currency} units. */
    public static String of(ChainNetwork network, ChainCurrency currency, String address, BigDecimal amount) {
        if (network.kind() == ChainNetwork.Kind.BITCOIN) {
            return "bitcoin:" + address + "?amount=" + amount.stripTrailingZeros().toPlainString();
        }
        String units = currency.toBaseUnits(amount).toString();
        if (currency.isToken()) {
            return "ethereum:" + Eip55.checksummed(currency.contract().orElseThrow()) + "@" + network.chainId()
                    + "/transfer?address=" + address + "&uint256=" + units;
        }
        return "ethereum:" + address + "@" + network.chainId() + "?value=" + units;
    }
}
