package io.paygrid.webhook.ssrf;

import io.paygrid.platform.error.DomainException;
import io.paygrid.webhook.config.WebhookConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every address class a webhook must not reach, checked without resolving a name or connecting anywhere. */
class AddressGuardTest {

    private static AddressGuard guard(List<String> allowList) {
        return new AddressGuard(new WebhookConfig() {
            public Optional<List<String>> ssrfAllowList() { return Optional.of(allowList); }
            public Duration timeout() { return Duration.ofSeconds(1); }
            public List<Duration> retrySchedule() { return List.of(Duration.ZERO); }
            public double jitter() { return 0; }
            public int perEndpointConcurrency() { return 1; }
            public int maxInFlight() { return 1; }
            public Duration pollInterval() { return Duration.ofSeconds(1); }
            public Duration disableAfter() { return Duration.ofDays(1); }
            public Duration secretOverlap() { return Duration.ofDays(1); }
            public int responseBodyLimit() { return 10; }
        });
    }

    @Test
    void shouldRefuseEveryPrivateLoopbackLinkLocalAndReservedAddress() throws Exception {
        AddressGuard guard = guard(List.of());
        for (String address : List.of("127.0.0.1", "127.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254",
                "192.168.0.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3",
                "224.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.2.1",
                "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::127.0.0.1", "fec0::1")) {
            InetAddress parsed = InetAddress.getByName(address);
            assertThatThrownBy(() -> guard.check(parsed)).as(address).isInstanceOf(DomainException.class)
                    .hasMessageContaining("webhooks go to public addresses only");
        }
    }

    @Test
    void shouldLetPublicAddressesThrough() throws Exception {
        AddressGuard guard = guard(List.of());
        for (String address : List.of("93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1", "100.128.0.1")) {
            guard.check(InetAddress.getByName(address));
        }
    }

    @Test
    void shouldLetAnOperatorAllowListAddressesAndNothingMore() throws Exception {
        AddressGuard guard = guard(List.of("127.0.0.1/32", "10.20.0.0/16"));
        guard.check(InetAddress.getByName("127.0.0.1"));
        guard.check(InetAddress.getByName("10.20.30.40"));
        guard.check(InetAddress.getByName("::ffff:127.0.0.1"));
        assertThatThrownBy(() -> guard.check(InetAddress.getByName("127.0.0.2"))).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> guard.check(InetAddress.getByName("10.21.0.1"))).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> guard.check(InetAddress.getByName("169.254.169.254"))).isInstanceOf(DomainException.class);
    }

    @Test
    void shouldRefuseAddressesWrittenInUnusualFormsAndBadUrls() {
        AddressGuard guard = guard(List.of("127.0.0.1/32"));
        for (String url : List.of("http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/",
                "http://127.1/", "http://127.000.000.001/", "http://017700000001/", "http://0/", "http://1.2.3/",
                "ftp://example.com/", "file:///etc/passwd", "http://user:pw@example.com/", "http:///nohost", "gopher://x/",
                "http://example.com/#frag", "not a url")) {
            assertThatThrownBy(() -> guard.parse(url)).as(url).isInstanceOf(DomainException.class);
        }
        AddressGuard.Target target = guard.parse("https://hooks.example.com:8443/paygrid?x=1");
        assertThat(target).isEqualTo(new AddressGuard.Target(true, "hooks.example.com", 8443, "/paygrid?x=1"));
        assertThat(guard.parse("http://127.0.0.1:9/h").port()).isEqualTo(9);
        assertThat(guard.parse("http://[::1]/").host()).isEqualTo("::1");
        assertThat(guard.parse("https://cafe.de/hooks").host()).isEqualTo("cafe.de");
        assertThat(guard.parse("https://abc.cc/").host()).isEqualTo("abc.cc");
        assertThatThrownBy(() -> guard.parse("http://example.com:0/")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> guard.parse("http://example.com:99999/")).isInstanceOf(DomainException.class);
    }
}
