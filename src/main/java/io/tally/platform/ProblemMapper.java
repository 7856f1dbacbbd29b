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

    private final Outages outages;

    ProblemMapper(Outages outages) {
        this.outages = outages;
    }

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        var response = e.problem().toResponse();
        return e.retryAfter() > 0
                ? Response.fromResponse(response).header("Retry-After", Long.toString(e.retryAfter())).build()
                : response;
    }

    @ServerExceptionMapper
    Response refusal(Refusal e) {
        var problem = switch (e.kind()) {
            case INVALID -> Problem.of(400, "invalid-request", "Invalid request", e.reason(), e.field());
            case OUT_OF_SCOPE -> Problem.of(403, "forbidden", "Forbidden", e.reason(), null);
            case NOT_FOUND -> Problem.of(404, "not-found", "Not found", e.reason(), null);
        };
        return problem.toResponse();
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, JsonMappingException.class })
    Response malformedJson(JsonProcessingException e) {
        var repeated = JsonPaths.repeatedKey(e);
        if (repeated.isPresent()) {
            var field = repeated.get();
            return Problem.of(400, "invalid-request", "Invalid request", field + ": given more than once", field)
                    .toResponse();
        }
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
        var outage = Unavailable.classify(e);
        if (outage.isEmpty()) {
            return internal(e);
        }
        outages.record(outage.get(), e);
        return Response.fromResponse(Problem.of(503, "unavailable", "Service unavailable",
                unavailable(outage.get()), null).toResponse())
                .header("Retry-After", "1").build();
    }

    /**
     * A command that reached Redis but was not answered (a timeout, a lost connection) may have been applied: a
     * retry with the same idempotency key answers what it did, and moves nothing twice.
     */
    private static String unavailable(Unavailable.Outage outage) {
        var what = outage.store() + " is unavailable (" + outage.kind() + ")";
        return Unavailable.mayHaveApplied(outage)
                ? what + "; the request may have been applied: retry it with the same idempotencyKey, which answers"
                        + " the original outcome and moves no credit twice"
                : what + "; retry later";
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
