package io.paygrid.platform.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address or CIDR range. Parses literals only: never a DNS lookup. */
public record IpRange(byte[] network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public static Optional<IpRange> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("/", 2);
        Optional<InetAddress> address = literal(parts[0]);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = address.get().getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpRange(bytes, prefix));
    }

    /** An address literal (no host names, so no DNS), or empty. */
    public static Optional<InetAddress> literal(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainder = prefixLength % 8;
        if (remainder == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainder)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
