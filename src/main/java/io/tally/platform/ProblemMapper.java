package io.tally.platform;

import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** The one place where failures become RFC 9457 problem responses. Never a stack trace to the client. */
class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        var response = e.problem().toResponse();
        return e.retryAfter() > 0
                ? Response.fromResponse(response).header("Retry-After", Long.toString(e.retryAfter())).build()
                : response;
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, JsonMappingException.class })
    Response malformedJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            var field = JsonPaths.of(mapping.getPath());
            var reason = e instanceof UnrecognizedPropertyException
                    ? "unknown field"
                    : refusal(e).orElseGet(() -> "expected " + expectedType(e));
            return Problem.of(400, "invalid-request", "Invalid request", field + ": " + reason, field).toResponse();
        }
        var location = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr();
        return Problem.of(400, "malformed-json", "Malformed JSON", "the body is not valid JSON" + location, null)
                .toResponse();
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        if (e instanceof NotFoundException) {
            return Problem.of(404, "not-found", "Not found", "no such resource", null).toResponse();
        }
        if (e instanceof NotAllowedException) {
            return Problem.of(405, "method-not-allowed", "Method not allowed",
                    "allowed: " + e.getResponse().getAllowedMethods(), null).toResponse();
        }
        if (e instanceof NotSupportedException) {
            return Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json", null).toResponse();
        }
        if (e instanceof NotAcceptableException) {
            return Problem.of(406, "not-acceptable", "Not acceptable",
                    "responses are application/json or application/problem+json", null).toResponse();
        }
        if (status == 413) {
            return BodyLimit.problem().toResponse();
        }
        if (status >= 500) {
            return internal(e);
        }
        return Problem.of(status, "http-" + status, Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), null)
                .toResponse();
    }

    @ServerExceptionMapper
    Response unexpected(Throwable e) {
        if (Unavailable.test(e)) {
            LOG.warnf("Storage unavailable: %s", e.toString());
            return Response.fromResponse(Problem.of(503, "unavailable", "Service unavailable",
                    "a backing store is unreachable; retry later", null).toResponse())
                    .header("Retry-After", "1").build();
        }
        return internal(e);
    }

    private static Response internal(Throwable e) {
        var incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s", incident);
        return Problem.of(500, "internal-error", "Internal error",
                "unexpected failure; quote incident " + incident, null).toResponse();
    }

    /** The reason a deserializer gave for refusing the value ({@link InvalidValue}), if it did. */
    private static Optional<String> refusal(Throwable e) {
        for (var cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof InvalidValue invalid) {
                return Optional.of(invalid.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String expectedType(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return JsonPaths.describe(mismatch.getTargetType());
        }
        return "a valid value";
    }
}
