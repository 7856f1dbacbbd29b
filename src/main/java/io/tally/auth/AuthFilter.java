package io.tally.auth;

import java.util.Arrays;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.tally.platform.Problem;
import io.tally.platform.ProblemException;

/**
 * Authenticates every request to a REST endpoint by its bearer key and checks the endpoint's {@link Allowed}
 * roles: 401 for a missing or unknown key, 403 for a role the endpoint does not admit.
 */
class AuthFilter {
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final CurrentCaller current;

    AuthFilter(ApiKeys keys, CurrentCaller current) {
        this.keys = keys;
        this.current = current;
    }

    @ServerRequestFilter
    Uni<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() == null
                || resource.getResourceClass().isAnnotationPresent(Unauthenticated.class)) {
            return Uni.createFrom().nullItem();
        }
        var secret = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (secret.isEmpty()) {
            return Uni.createFrom().item(unauthorized("send an API key as 'Authorization: Bearer <key>'"));
        }
        return keys.authenticate(secret.get())
                .map(caller -> admit(caller, resource));
    }

    /** Null to let the request through, else the refusal. */
    private Response admit(Optional<Caller> authenticated, ResourceInfo resource) {
        if (authenticated.isEmpty()) {
            return unauthorized("unknown or revoked API key");
        }
        var caller = authenticated.get();
        var allowed = allowedRoles(resource);
        if (!Arrays.asList(allowed).contains(caller.role())) {
            return Problem.of(403, "forbidden", "Forbidden",
                    "role " + caller.role().label() + " does not reach this endpoint", null).toResponse();
        }
        current.set(caller);
        return null;
    }

    static Role[] allowedRoles(ResourceInfo resource) {
        var onMethod = resource.getResourceMethod().getAnnotation(Allowed.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        var onClass = resource.getResourceClass().getAnnotation(Allowed.class);
        return onClass == null ? new Role[0] : onClass.value();
    }

    private static Optional<String> bearer(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        var secret = header.substring(BEARER.length()).trim();
        return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    private static Response unauthorized(String reason) {
        Problem problem = ProblemException.unauthorized(reason).problem();
        return Response.fromResponse(problem.toResponse()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
