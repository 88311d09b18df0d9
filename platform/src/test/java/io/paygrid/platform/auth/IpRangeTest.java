package io.paygrid.platform.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IpRangeTest {

    @Test
    void shouldMatchAddressesInsideARangeOnly() {
        IpRange range = IpRange.parse("198.51.100.0/24").orElseThrow();
        assertThat(range.contains(IpRange.literal("198.51.100.77").orElseThrow())).isTrue();
        assertThat(range.contains(IpRange.literal("198.51.101.1").orElseThrow())).isFalse();
        assertThat(IpRange.parse("203.0.113.7").orElseThrow().contains(IpRange.literal("203.0.113.7").orElseThrow())).isTrue();
        assertThat(IpRange.parse("10.0.0.0/9").orElseThrow().contains(IpRange.literal("10.127.255.255").orElseThrow())).isTrue();
        assertThat(IpRange.parse("10.0.0.0/9").orElseThrow().contains(IpRange.literal("10.128.0.0").orElseThrow())).isFalse();
        IpRange v6 = IpRange.parse("2001:db8::/32").orElseThrow();
        assertThat(v6.contains(IpRange.literal("2001:db8:1::5").orElseThrow())).isTrue();
        assertThat(v6.contains(IpRange.literal("198.51.100.77").orElseThrow())).isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").orElseThrow().contains(IpRange.literal("192.0.2.1").orElseThrow())).isTrue();
    }

    @Test
    void shouldRefuseHostNamesAndMalformedRangesWithoutLookingAnythingUp() {
        assertThat(IpRange.parse("shop.example")).isEmpty();
        assertThat(IpRange.parse("localhost")).isEmpty();
        assertThat(IpRange.parse("198.51.100.0/33")).isEmpty();
        assertThat(IpRange.parse("198.51.100.0/x")).isEmpty();
        assertThat(IpRange.parse("999.1.1.1")).isEmpty();
        assertThat(IpRange.literal(null)).isEmpty();
    }

    @Test
    void shouldAllowEveryAddressWhenTheAllowlistIsEmpty() {
        assertThat(ApiKeyIdentityProvider.allowed(new String[0], "192.0.2.1")).isTrue();
        assertThat(ApiKeyIdentityProvider.allowed(new String[]{"192.0.2.0/24"}, "192.0.2.9")).isTrue();
        assertThat(ApiKeyIdentityProvider.allowed(new String[]{"192.0.2.0/24"}, "127.0.0.1")).isFalse();
        assertThat(ApiKeyIdentityProvider.allowed(new String[]{"192.0.2.0/24"}, null)).isFalse();
    }
}
