package io.paygrid.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.paygrid.platform.auth.ApiKeyIdentityProvider;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place every error becomes {@code application/problem+json}. Bad input is always a 4xx;
 * anything unexpected is a 500 that names an error reference and never a class or a stack trace.
 */
public class ProblemMappers {

    private static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response domain(DomainException e) {
        if (e.errorCode().status() >= 500) {
            Log.errorf("Request failed with %s: %s", e.errorCode().code(), e.getMessage());
        }
        return respond(Problem.of(e.errorCode(), e.getMessage(), e.fieldErrors()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v), "invalid", v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(CommonError.VALIDATION_FAILED, detail, errors));
    }

    /** Listed one by one: quarkus-rest-jackson has its own mappers for these exact types, and ours must win. */
    @ServerExceptionMapper({JsonProcessingException.class, com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
            com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
            com.fasterxml.jackson.core.JsonParseException.class})
    public Response json(JsonProcessingException e) {
        List<FieldError> errors = new ArrayList<>();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            errors.add(new FieldError(field, "invalid_type", "This field has the wrong type or format."));
        }
        String detail = errors.isEmpty()
                ? "The request body could not be read as JSON."
                : "Field '" + errors.get(0).field() + "' has the wrong type or format.";
        return respond(Problem.of(CommonError.MALFORMED_JSON, detail, errors));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationFailedException failed
                    && failed.getAttribute(ApiKeyIdentityProvider.RETRY_AFTER) instanceof Long seconds) {
                return Response.status(429)
                        .header(HttpHeaders.RETRY_AFTER, seconds)
                        .type(Problem.MEDIA_TYPE)
                        .entity(Problem.of(CommonError.RATE_LIMITED,
                                "Too many requests with this API key; retry after " + seconds + " s."))
                        .build();
            }
            if (t instanceof AuthenticationFailedException failed
                    && Boolean.TRUE.equals(failed.getAttribute(ApiKeyIdentityProvider.ADDRESS_REFUSED))) {
                return respond(Problem.of(CommonError.ADDRESS_NOT_ALLOWED,
                        "This merchant accepts API calls only from the addresses in its IP allowlist."));
            }
        }
        if (databaseUnavailable(e)) {
            // A valid key cannot be told from an unknown one while the database is away: 503, not 401.
            return unavailable(e);
        }
        return unauthenticated();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationCompletionException.class})
    public Response unauthenticated() {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"paygrid\"")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(CommonError.UNAUTHENTICATED,
                        "Send 'Authorization: Bearer <API key>' with a valid, active key."))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(CommonError.FORBIDDEN, "The API key lacks the scope this operation needs."));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, ResourceInfo resource, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json);
            }
        }
        if (e instanceof NotFoundException && e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // JAX-RS answers a query or path parameter it cannot convert (?limit=abc) with a 404 that wraps the
            // conversion's failure; a route that does not exist has no cause. The request was bad, not the path.
            return respond(Problem.of(CommonError.VALIDATION_FAILED, "A query or path parameter is not of the expected form.",
                    malformedParameters(resource, uri)));
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 401 -> CommonError.UNAUTHENTICATED;
            case 403 -> CommonError.FORBIDDEN;
            case 404 -> CommonError.NOT_FOUND;
            case 405 -> CommonError.METHOD_NOT_ALLOWED;
            case 406 -> CommonError.NOT_ACCEPTABLE;
            case 415 -> CommonError.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? CommonError.INTERNAL : CommonError.VALIDATION_FAILED;
        };
        if (status >= 500) {
            return unexpected(e);
        }
        String detail = status == 404 ? "No such resource." : code.title();
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(code, detail).withStatus(status)).build();
    }

    /**
     * Which of the matched method's query and path parameters did not convert, as JAX-RS does not say: each value is
     * converted again to its declared type (numbers, UUIDs, enums; a type not known here is not named).
     */
    static List<FieldError> malformedParameters(ResourceInfo resource, UriInfo uri) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null || uri == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            PathParam path = parameter.getAnnotation(PathParam.class);
            String name = query != null ? query.value() : path != null ? path.value() : null;
            String value = name == null ? null
                    : (query != null ? uri.getQueryParameters() : uri.getPathParameters()).getFirst(name);
            if (value != null && !converts(value, parameter.getType())) {
                errors.add(new FieldError(name, "invalid_type", "This parameter has the wrong type or format."));
            }
        }
        return errors;
    }

    private static boolean converts(String value, Class<?> type) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value);
            } else if (type == UUID.class) {
                UUID.fromString(value);
            } else if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(value)) {
                        return true;
                    }
                }
                return false;
            }
            return true;
        } catch (IllegalArgumentException notOfThatType) {
            return false;
        }
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e.getCause() instanceof DomainException domain) {
            return domain(domain);
        }
        if (e.getCause() instanceof ConstraintViolationException violation) {
            return constraintViolation(violation);
        }
        if (databaseUnavailable(e)) {
            return unavailable(e);
        }
        if (isDataException(e)) {
            // PostgreSQL's class 22 (data exception): a value from the request it cannot store or compare, such
            // as a NUL character or a time out of range. The transaction rolled back; the request was bad.
            return respond(Problem.of(CommonError.VALIDATION_FAILED,
                    "A value in the request cannot be stored: remove control characters and keep numbers and times in range."));
        }
        String reference = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected error, reference %s", reference);
        return respond(Problem.of(CommonError.INTERNAL, "Something went wrong on our side. Reference: " + reference));
    }

    /**
     * The database, or the connection to it, is away (refused, cut, shutting down): the request was not at fault, and
     * its transaction did not commit (or, if the answer to a commit was lost, a retry with the same Idempotency-Key
     * finds it). A 503 to retry, not a 500.
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException) {
                return true;
            }
            if (cause instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static Response unavailable(Throwable e) {
        Log.warnf("Answered 503, the database is unavailable: %s", e.getMessage());
        return Response.status(503).header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(CommonError.SERVICE_UNAVAILABLE,
                        "The database cannot be reached right now. Retry shortly, with the same Idempotency-Key for a create."))
                .build();
    }

    private static boolean isDataException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String snakeCase(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        boolean sawParameter = false;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                sawParameter = true;
                names.clear();
                names.add(node.getName());
                continue;
            }
            if (sawParameter && names.size() == 1 && node.getKind() == ElementKind.PROPERTY) {
                names.clear();
                sawParameter = false;
            }
            String name = node.getName();
            if (node.getIndex() != null) {
                name = (name == null ? "" : name) + "[" + node.getIndex() + "]";
            }
            if (name != null) {
                names.add(snakeCase(name));
            }
        }
        return names.isEmpty() ? "request" : String.join(".", names);
    }
}
