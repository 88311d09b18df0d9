package io.paygrid.platform.idempotency;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The response a creating POST gave: status and JSON body, and the body kept for replays, which leaves
 * out what must never be stored (a new API key's secret is shown once).
 */
public record IdempotentResponse(int status, String body, boolean replayed, String replayBody) {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    public IdempotentResponse(int status, String body, boolean replayed) {
        this(status, body, replayed, body);
    }

    public static IdempotentResponse created(String body) {
        return new IdempotentResponse(201, body, false, body);
    }

    /** This response, replayed later with {@code storedBody} instead of its own body. */
    public IdempotentResponse replayedAs(String storedBody) {
        return new IdempotentResponse(status, body, replayed, storedBody);
    }

    public Response toResponse() {
        String type = status >= 400 ? io.paygrid.platform.error.Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON;
        Response.ResponseBuilder builder = Response.status(status).type(type).entity(body);
        if (replayed) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }
}
