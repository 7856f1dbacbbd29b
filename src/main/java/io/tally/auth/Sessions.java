package io.tally.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.NewCookie;

import io.smallrye.mutiny.Uni;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * The dashboard's sessions: an API key of a company admin or an office admin exchanged for a random token, the value
 * of an {@code HttpOnly}, {@code SameSite=Strict} cookie ({@code Secure} unless {@code tally.auth.session-secure} is
 * off, in dev and test). Redis holds one key per session, {@code tally:session:<sha-256 of the token>}, with the
 * session's lifetime as its TTL; its value is the SHA-256 of the API key and the session's CSRF token, never the key
 * nor the token. Every request looks the key up again through {@link ApiKeys} (its cache is dropped on every replica
 * when a key is revoked), so a revoked key's session ends at its next request.
 */
@Singleton
public class Sessions {
    public static final String COOKIE = "tally_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String PREFIX = "tally:session:";
    private static final String PATH = "/dashboard";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final RedisPipes redis;
    private final ApiKeys keys;
    private final Duration ttl;
    private final boolean secure;
    private final SecureRandom random = new SecureRandom();

    Sessions(RedisPipes redis, ApiKeys keys, AuthConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = config.sessionTtl();
        this.secure = config.sessionSecure();
    }

    /** A session just opened: its token (the cookie's value) and whom it serves. */
    public record Opened(String token, Caller caller) {
    }

    /** The open session of a request: its token, its CSRF token and its caller as of this request. */
    public record Open(String token, String csrf, Caller caller) {
        /** Whether a request's CSRF token is the one stored with the session (constant time). */
        public boolean csrfMatches(String given) {
            return given != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
                    given.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Only the account admins sign in to the dashboard. */
    public static boolean signsIn(Role role) {
        return role == Role.COMPANY_ADMIN || role == Role.OFFICE_ADMIN;
    }

    /** Opens a session for the key, or empty when it is unknown, revoked, or not an account admin's. */
    public Uni<Optional<Opened>> open(String secret) {
        return keys.authenticate(secret).chain(caller -> {
            if (caller.isEmpty() || !signsIn(caller.get().role())) {
                return Uni.createFrom().item(Optional.<Opened> empty());
            }
            var token = newToken();
            var value = ApiKeySecret.hash(secret) + " " + newToken();
            return redis.send(Request.cmd(Command.SET).arg(key(token)).arg(value).arg("PX").arg(ttl.toMillis()))
                    .replaceWith(Optional.of(new Opened(token, caller.get())));
        });
    }

    /** The open session of a token; a session whose key was revoked (or lost its role) is closed and not found. */
    Uni<Optional<Open>> find(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return redis.send(Request.cmd(Command.GET).arg(key(token))).chain(stored -> {
            if (stored == null) {
                return Uni.createFrom().item(Optional.<Open> empty());
            }
            var parts = stored.toString().split(" ", 2);
            if (parts.length != 2) {
                return close(token).replaceWith(Optional.<Open> empty());
            }
            return keys.byHash(parts[0]).chain(caller -> caller.isPresent() && signsIn(caller.get().role())
                    ? Uni.createFrom().item(Optional.of(new Open(token, parts[1], caller.get())))
                    : close(token).replaceWith(Optional.<Open> empty()));
        });
    }

    /** Ends a session (signing out); ending one that is gone does nothing. */
    public Uni<Void> close(String token) {
        return redis.send(Request.cmd(Command.DEL).arg(key(token))).replaceWithVoid();
    }

    /** The cookie that carries a new session. */
    public NewCookie cookie(String token) {
        return cookie(token, (int) ttl.toSeconds());
    }

    /** The cookie that removes the session's cookie from the browser. */
    public NewCookie expired() {
        return cookie("", 0);
    }

    /** Whether cookies are marked {@code Secure}. */
    public boolean secure() {
        return secure;
    }

    /** A random token of 256 bits, base64url: for sessions, CSRF tokens and the sign-in form's token. */
    public String newToken() {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path(PATH).httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

    private static String key(String token) {
        return PREFIX + ApiKeySecret.hash(token);
    }
}
