package io.paygrid.platform.usage;

import io.paygrid.platform.auth.CallerAttributes;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Times every REST request from its arrival to its answer, errors included, and hands it to {@link ApiUsageRecorder}
 * under the merchant of the API key that made it. Requests of admins, operators and other services (the internal
 * paths) are not a merchant's use of the API and are not counted; neither is one that never authenticated (no key,
 * a wrong key, the public checkout page), since it has no merchant to count it for.
 */
public class ApiRequestTimer {

    private static final String STARTED = "paygrid.request.started";

    private final ApiUsageRecorder usage;
    private final CurrentIdentityAssociation identities;

    ApiRequestTimer(ApiUsageRecorder usage, CurrentIdentityAssociation identities) {
        this.usage = usage;
        this.identities = identities;
    }

    @ServerRequestFilter(preMatching = true)
    public void started(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public Uni<Void> answered(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started)) {
            return Uni.createFrom().voidItem();
        }
        long nanos = System.nanoTime() - started;
        int status = response.getStatus();
        // The request's own identity, already resolved (or failed) by then; resolving it is remembered per request.
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .invoke(identity -> count(identity, status, nanos))
                .replaceWithVoid();
    }

    private void count(SecurityIdentity identity, int status, long nanos) {
        String merchantId = identity == null ? null : identity.getAttribute(CallerAttributes.MERCHANT_ID);
        if (merchantId != null) {
            String mode = identity.getAttribute(CallerAttributes.MODE);
            usage.requestAnswered(merchantId, mode == null ? "test" : mode, status, nanos);
        }
    }
}
