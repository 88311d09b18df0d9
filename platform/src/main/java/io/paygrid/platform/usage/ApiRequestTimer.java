package io.paygrid.platform.usage;

import io.paygrid.platform.auth.CallerAttributes;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Times every REST request from its arrival to its answer, errors included, and hands it to {@link ApiUsageRecorder}
 * under the merchant of the API key that made it. Only the identity the request already established counts: the
 * filter never authenticates by itself (authentication is lazy, and a public page sent with a key must not cost a
 * key lookup). So dashboard users, admins, operators and other services (the internal paths) are not counted, as
 * they are not a merchant's use of the API; neither is a request that never authenticated (no key, a wrong key).
 */
public class ApiRequestTimer {

    private static final String STARTED = "paygrid.request.started";

    private final ApiUsageRecorder usage;
    private final CurrentVertxRequest current;

    ApiRequestTimer(ApiUsageRecorder usage, CurrentVertxRequest current) {
        this.usage = usage;
        this.current = current;
    }

    @ServerRequestFilter(preMatching = true)
    public void started(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void answered(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started)) {
            return;
        }
        RoutingContext routing = current.getCurrent();
        SecurityIdentity identity = routing != null && routing.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || !CallerAttributes.KIND_API_KEY.equals(identity.getAttribute(CallerAttributes.KIND))) {
            return;
        }
        String merchantId = identity.getAttribute(CallerAttributes.MERCHANT_ID);
        String mode = identity.getAttribute(CallerAttributes.MODE);
        if (merchantId != null && mode != null) {
            usage.requestAnswered(merchantId, mode, response.getStatus(), System.nanoTime() - started);
        }
    }
}
