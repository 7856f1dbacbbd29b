package io.tally.auth;

import java.time.Clock;
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
import io.vertx.core.http.HttpServerRequest;

/**
 * Authenticates every request to a REST endpoint by its bearer key and checks the endpoint's {@link Allowed}
 * roles: 401 for a missing or unknown key, 403 for a role the endpoint does not admit. Every 401 spends one of
 * the client address's {@link FailureBudget}; an address that has spent it gets 429 with {@code Retry-After},
 * without any lookup, unless its key is known good from memory. The dashboard's pages ({@link SessionCookie})
 * authenticate by their session cookie instead ({@link Sessions}).
 */
class AuthFilter {
    private static final String BEARER = "bearer ";
    private static final String SIGN_IN = "/dashboard/sign-in";
    private static final java.util.Set<String> SAFE = java.util.Set.of("GET", "HEAD", "OPTIONS");

    private final ApiKeys keys;
    private final CurrentCaller current;
    private final Clock clock;
    private final FailureBudget failures;
    private final Sessions sessions;
    private final CurrentSession session;

    AuthFilter(ApiKeys keys, CurrentCaller current, Clock clock, AuthConfig config, Sessions sessions,
            CurrentSession session) {
        this.keys = keys;
        this.current = current;
        this.sessions = sessions;
        this.session = session;
        this.clock = clock;
        this.failures = new FailureBudget(config.failureLimit(), config.failureWindow(), config.failureAddresses());
    }

    @ServerRequestFilter
    Uni<Response> authenticate(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (resource.getResourceMethod() == null
                || resource.getResourceClass().isAnnotationPresent(Unauthenticated.class)) {
            return Uni.createFrom().nullItem();
        }
        if (resource.getResourceClass().isAnnotationPresent(SessionCookie.class)) {
            return bySession(request, resource);
        }
        var secret = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        var address = clientAddress(http);
        if (failures.exhausted(address, clock.instant())) {
            var known = secret.flatMap(keys::fromMemory);
            return Uni.createFrom().item(known.isPresent() ? admit(known, resource) : throttled(address));
        }
        if (secret.isEmpty()) {
            failures.spend(address, clock.instant());
            return Uni.createFrom().item(unauthorized("send an API key as 'Authorization: Bearer <key>'"));
        }
        return keys.authenticate(secret.get())
                .map(caller -> {
                    if (caller.isEmpty()) {
                        failures.spend(address, clock.instant());
                    }
                    return admit(caller, resource);
                });
    }

    /**
     * A {@link SessionCookie} endpoint: the session (else to the sign-in page), the CSRF token of an unsafe method
     * (else 403), then the roles as for a key. A bearer key is not looked at: the pages take sessions only.
     */
    private Uni<Response> bySession(ContainerRequestContext request, ResourceInfo resource) {
        var cookie = request.getCookies().get(Sessions.COOKIE);
        var found = cookie == null ? Uni.createFrom().item(Optional.<Sessions.Open> empty())
                : sessions.find(cookie.getValue());
        return found.map(open -> {
            if (open.isEmpty()) {
                return toSignIn(request);
            }
            if (!SAFE.contains(request.getMethod()) && !open.get().csrfMatches(request.getHeaderString(
                    Sessions.CSRF_HEADER))) {
                return Problem.of(403, "csrf", "Forbidden", "this form lacks its CSRF token", null).toResponse();
            }
            var refusal = admit(Optional.of(open.get().caller()), resource);
            if (refusal == null) {
                session.set(open.get());
            }
            return refusal;
        });
    }

    /** No session: a page goes to the sign-in page; an htmx request is told to go there. */
    private Response toSignIn(ContainerRequestContext request) {
        var builder = request.getHeaderString("HX-Request") != null
                ? Response.status(401).header("HX-Redirect", SIGN_IN)
                : Response.seeOther(java.net.URI.create(SIGN_IN));
        return builder.cookie(sessions.expired()).build();
    }

    private Response throttled(String address) {
        var wait = failures.retryAfter(address, clock.instant());
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        var problem = Problem.of(429, "too-many-failed-authentications", "Too many failed authentications",
                "this address failed to authenticate too often; retry in " + seconds + " s", null);
        return Response.fromResponse(problem.toResponse()).header("Retry-After", seconds).build();
    }

    /** The client's address: the peer, or what a trusted proxy reports ({@code quarkus.http.proxy.*}). */
    private static String clientAddress(HttpServerRequest http) {
        var remote = http.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
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
