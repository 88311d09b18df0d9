package io.paygrid.webhook.ssrf;

import io.paygrid.platform.auth.IpRange;
import io.paygrid.platform.error.DomainException;
import io.paygrid.webhook.WebhookError;
import io.paygrid.webhook.config.WebhookConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where webhooks may go. A URL is checked when it is registered and again before every attempt: its host is
 * resolved, every address it resolves to must be public (or allow-listed), and the attempt then connects to the
 * address that was checked, so a DNS answer that changes in between (rebinding) cannot send it elsewhere.
 * Nothing here ever connects anywhere.
 */
@ApplicationScoped
public class AddressGuard {

    /** Not reachable on the public internet, or not meant to be: refused unless allow-listed. */
    private static final List<IpRange> FORBIDDEN = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
            "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32", "fc00::/7", "fe80::/10",
            "fec0::/10", "ff00::/8").stream().map(r -> IpRange.parse(r).orElseThrow()).toList();
    /** A host whose every label is a number (decimal, or 0x hex): an address, which must be written the one usual way. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("((0x[0-9a-f]*|[0-9]+)\\.?)+", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

    private final List<IpRange> allowed;

    AddressGuard(WebhookConfig config) {
        this.allowed = config.ssrfAllowList().orElse(List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty())
                .map(r -> IpRange.parse(r).orElseThrow(() -> new IllegalArgumentException(
                        "paygrid.webhooks.ssrf-allow-list: '" + r + "' is not an address or CIDR range")))
                .toList();
    }

    /** The URL's shape: absolute http(s), a host, no credentials, no fragment, and an address written plainly. */
    public Target parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("url is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused("url must be http or https.");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("url must not carry credentials.");
        }
        if (uri.getRawFragment() != null) {
            throw refused("url must not have a fragment.");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refused("url must name a host.");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!host.startsWith("[") && NUMERIC_HOST.matcher(bare).matches() && !DOTTED_QUAD.matcher(bare).matches()) {
            throw refused("url's host is an address written in an unusual form (decimal, octal or hex); write it as a.b.c.d.");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw refused("url's port must be from 1 to 65535.");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(scheme.equals("https"), bare.toLowerCase(Locale.ROOT), port, requestUri);
    }

    /** Resolves the host (off the event loop) and checks every address; fails with 422 url_not_allowed otherwise. */
    public Uni<InetAddress> resolve(Target target) {
        return Uni.createFrom().item(() -> lookup(target.host()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(addresses -> {
                    for (InetAddress address : addresses) {
                        check(address);
                    }
                    return addresses.get(0);
                });
    }

    /** Refuses an address that is not public, unless the operator allow-listed it. */
    public void check(InetAddress address) {
        if (isAllowed(address)) {
            return;
        }
        if (isForbidden(address)) {
            // Which address, is not said: the answer must not map the network behind PayGrid.
            throw refused("url resolves to a private, loopback, link-local or reserved address; webhooks go to public addresses only.");
        }
    }

    boolean isAllowed(InetAddress address) {
        return allowed.stream().anyMatch(range -> range.contains(address))
                || embeddedIpv4(address).map(v4 -> allowed.stream().anyMatch(range -> range.contains(v4))).orElse(false);
    }

    static boolean isForbidden(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        if (FORBIDDEN.stream().anyMatch(range -> range.contains(address))) {
            return true;
        }
        return embeddedIpv4(address).map(AddressGuard::isForbidden).orElse(false);
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
    static java.util.Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return java.util.Optional.empty();
        }
        byte[] bytes = address.getAddress();
        byte[] v4 = null;
        boolean firstTenZero = Arrays.equals(Arrays.copyOfRange(bytes, 0, 10), new byte[10]);
        if (firstTenZero && (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff || bytes[10] == 0 && bytes[11] == 0)) {
            v4 = Arrays.copyOfRange(bytes, 12, 16);
        } else if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b) {
            v4 = Arrays.copyOfRange(bytes, 12, 16);
        } else if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            v4 = Arrays.copyOfRange(bytes, 2, 6);
        }
        if (v4 == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Inet4Address.getByAddress(v4));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    private static List<InetAddress> lookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw refused("url's host cannot be resolved.");
        }
    }

    private static DomainException refused(String message) {
        return new DomainException(WebhookError.URL_NOT_ALLOWED, message).onField("url");
    }

    /** Where a URL points: scheme, host (as written, for Host and TLS), port and the request URI. */
    public record Target(boolean https, String host, int port, String requestUri) {
    }
}
