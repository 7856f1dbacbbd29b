package io.tally.platform;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code type} is stable for clients to switch on; {@code field} names the
 * offending request field (a JSON path such as {@code options.languages[1]}) when one is to blame.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field,
        @JsonIgnore Map<String, Object> extensions) {
    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://tally.io/problems/";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(int status, String slug, String title, String detail, String field) {
        return new Problem(TYPE_BASE + slug, title, status, detail, field, Map.of());
    }

    /** The same problem with RFC 9457 extension members, written beside the standard ones. */
    public Problem with(Map<String, Object> members) {
        return new Problem(type, title, status, detail, field, members);
    }

    @JsonAnyGetter
    Map<String, Object> members() {
        return extensions;
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
