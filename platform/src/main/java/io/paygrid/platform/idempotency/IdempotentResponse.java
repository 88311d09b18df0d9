package io.paygrid.platform.idempotency;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The response a creating POST gave, as stored for replay: status and JSON body. */
public record IdempotentResponse(int status, String body, boolean replayed) {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    public Response toResponse() {
        String type = status >= 400 ? io.paygrid.platform.error.Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON;
        Response.ResponseBuilder builder = Response.status(status).type(type).entity(body);
        if (replayed) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }
}
