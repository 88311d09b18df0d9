package io.paygrid.payment.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.paygrid.payment.PaymentError;
import io.paygrid.payment.config.WalletClientConfig;
import io.paygrid.platform.config.PlatformConfig;
import io.paygrid.platform.contract.AddressLeases;
import io.paygrid.platform.contract.AddressLeases.Lease;
import io.paygrid.platform.contract.AddressLeases.LeaseRequest;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.error.ErrorCode;
import io.paygrid.platform.event.EventJson;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import java.net.URI;
import java.time.temporal.ChronoUnit;

/**
 * wallet-service's address leases over REST, behind a timeout, a bounded retry and a circuit breaker. A lease is
 * idempotent per invoice and method, so the retry is safe. A refusal of wallet-service (4xx: no xpub registered,
 * method not offered) is the merchant's answer and is neither retried nor counted against the breaker.
 */
@ApplicationScoped
public class WalletClient {

    private final WebClient client;
    private final URI base;
    private final String serviceToken;
    private final TypedGuard<Uni<Lease>> guard;

    WalletClient(Vertx vertx, WalletClientConfig config, PlatformConfig platform) {
        this.base = URI.create(config.url());
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) config.timeout().toMillis()));
        this.serviceToken = platform.auth().serviceToken().orElse("");
        this.guard = TypedGuard.create(new TypeLiteral<Uni<Lease>>() {
                })
                .withDescription("wallet-service address leases")
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withRetry().maxRetries(config.maxRetries()).delay(200, ChronoUnit.MILLIS).jitter(100, ChronoUnit.MILLIS)
                .abortOn(DomainException.class).done()
                .withCircuitBreaker().requestVolumeThreshold(10).failureRatio(0.5).delay(config.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(2).skipOn(DomainException.class)
                .onStateChange(state -> Log.warnf("wallet-service circuit breaker is now %s", state)).done()
                .build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The invoice's address and locked rate for one method; 503 wallet_unavailable when wallet-service cannot answer. */
    public Uni<Lease> lease(LeaseRequest request) {
        return guard.get(() -> send(request))
                .onFailure(failure -> !(failure instanceof DomainException))
                .transform(failure -> {
                    Log.warnf("Lease for %s of invoice %s failed: %s", request.method(), request.invoiceId(), failure.toString());
                    return new DomainException(PaymentError.WALLET_UNAVAILABLE,
                            "Addresses for " + request.method() + " cannot be had right now; retry shortly.");
                });
    }

    private Uni<Lease> send(LeaseRequest request) {
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        return client.post(port, base.getHost(), base.getPath().replaceAll("/$", "") + AddressLeases.PATH)
                .ssl("https".equals(base.getScheme()))
                .bearerTokenAuthentication(serviceToken)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(EventJson.writeValue(request)))
                .map(this::toLease);
    }

    private Lease toLease(HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response) {
        int status = response.statusCode();
        String body = response.bodyAsString();
        if (status == 200 || status == 201) {
            return EventJson.fromTree(EventJson.readTree(body), Lease.class);
        }
        if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 404 && status != 429) {
            throw refusal(status, body);
        }
        if (status == 503 && body != null && body.contains("\"rate_unavailable\"")) {
            throw new DomainException(PaymentError.RATE_UNAVAILABLE, "No exchange rate is available right now; retry shortly.");
        }
        throw new IllegalStateException("wallet-service answered " + status);
    }

    /** wallet-service's reason, passed on to the merchant with the method named. */
    private static DomainException refusal(int status, String body) {
        String code = "payment_method_unavailable";
        String detail = "wallet-service refused the lease";
        try {
            JsonNode problem = EventJson.readTree(body);
            code = problem.path("code").asText(code);
            detail = problem.path("detail").asText(detail);
        } catch (IllegalStateException notJson) {
            // Keep the generic reason.
        }
        ErrorCode error = new PassedOn(code, status == 409 ? 422 : status);
        return new DomainException(error, detail);
    }

    /** wallet-service's own error code, answered with 422 (a missing xpub is the merchant's setup, not a conflict here). */
    private record PassedOn(String code, int status) implements ErrorCode {
        @Override
        public String title() {
            return PaymentError.PAYMENT_METHOD_UNAVAILABLE.title();
        }
    }
}
