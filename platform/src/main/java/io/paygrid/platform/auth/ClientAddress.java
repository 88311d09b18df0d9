package io.paygrid.platform.auth;

import io.paygrid.platform.config.PlatformConfig;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * The client's address: the connection's peer, or the first {@code X-Forwarded-For} hop when the peer
 * is a trusted proxy (the gateway or the Ingress, which overwrite that header). A client talking to a
 * service directly cannot claim another address.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request, PlatformConfig config) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank() || peer == null || !isTrustedProxy(peer, config.auth().trustedProxies())) {
            return peer;
        }
        String first = forwarded.split(",")[0].strip();
        return IpRange.literal(first).isPresent() ? first : peer;
    }

    private static boolean isTrustedProxy(String peer, List<String> trusted) {
        return IpRange.literal(peer)
                .map(address -> trusted.stream().map(IpRange::parse)
                        .anyMatch(range -> range.isPresent() && range.get().contains(address)))
                .orElse(false);
    }
}
