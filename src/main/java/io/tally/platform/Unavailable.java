package io.tally.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * The one classifier of failures that mean a backing store (Redis, PostgreSQL) cannot serve now: they are answered
 * 503 with {@code Retry-After} ({@link ProblemMapper}), counted and logged without a stack trace ({@link Outages}),
 * and let a {@link ConfigCache} answer its last value. Everything else is a bug (500).
 *
 * <p>
 * Kinds: {@value #UNREACHABLE} (no connection: refused, unknown host, PostgreSQL not accepting connections, Redis
 * loading), {@value #CONNECTION_LOST} (reset or closed under a command, a terminated backend), {@value #TIMEOUT} (no
 * answer within the deadline), {@value #REFUSING_WRITES} (Redis at {@code maxmemory} with {@code noeviction}, a
 * failed RDB save, a read-only replica; PostgreSQL's disk full), {@value #BUSY} (a pool or server at capacity).
 *
 * <p>
 * The store: the Redis adapters ({@link RedisPipes}, {@link ConfigChanges}) mark their failures with {@link #at}, and
 * an error reply of Redis or of PostgreSQL names its store; any other connection failure is PostgreSQL's, the only
 * other store a request reaches.
 */
public final class Unavailable {
    public static final String REDIS = "redis";
    public static final String POSTGRESQL = "postgresql";

    static final String UNREACHABLE = "unreachable";
    static final String CONNECTION_LOST = "connection-lost";
    static final String TIMEOUT = "timeout";
    static final String REFUSING_WRITES = "refusing-writes";
    static final String BUSY = "busy";

    /** Redis error codes that mean the server cannot serve now, at the start of the reply or of a script's error. */
    private static final Pattern REDIS_CODE = Pattern
            .compile("(?:^|-)(OOM|MISCONF|READONLY|LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY) ");
    /**
     * The error the Vert.x Redis client fails the commands in flight with when their connection closes (Redis killed
     * or restarted): a {@link Response} of type ERROR that Redis never sent.
     */
    private static final String CLIENT_CONNECTION_CLOSED = "CONNECTION_CLOSED";
    private static final Set<String> CONNECTION_LOST_MESSAGES = Set.of("connection reset", "broken pipe",
            "connection closed", "connection is closed", "connection was closed");

    /** Which store failed and how: the tags of {@code tally.infrastructure.failures}. */
    public record Outage(String store, String kind) {
    }

    /** A failure of a backing store as its adapter saw it: the store is known. No stack trace of its own. */
    static final class StoreFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Outage outage;

        StoreFailure(Outage outage, Throwable cause) {
            super(outage.store() + " unavailable (" + outage.kind() + "): " + cause, cause, false, false);
            this.outage = outage;
        }
    }

    private Unavailable() {
    }

    public static boolean test(Throwable failure) {
        return classify(failure).isPresent();
    }

    /** The outage {@code failure} means, or empty when it is not one (a bug, a refusal, a conflict). */
    public static Optional<Outage> classify(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StoreFailure marked) {
                return Optional.of(marked.outage);
            }
            var outage = outage(cause);
            if (outage.isPresent()) {
                return outage;
            }
        }
        return Optional.empty();
    }

    private static Optional<Outage> outage(Throwable cause) {
        return redisError(cause).or(() -> postgresError(cause))
                .or(() -> kind(cause).map(kind -> new Outage(POSTGRESQL, kind)));
    }

    /**
     * {@code failure} marked as {@code store}'s when it is an outage, for an adapter's
     * {@code onFailure().transform}; anything else unchanged.
     */
    public static Throwable at(String store, Throwable failure) {
        return classify(failure)
                .<Throwable> map(outage -> failure instanceof StoreFailure ? failure
                        : new StoreFailure(new Outage(store, outage.kind()), failure))
                .orElse(failure);
    }

    /** Whether the request may have been applied although it failed: its command reached the store unanswered. */
    static boolean mayHaveApplied(Outage outage) {
        return TIMEOUT.equals(outage.kind()) || CONNECTION_LOST.equals(outage.kind());
    }

    private static Optional<Outage> redisError(Throwable cause) {
        if (!(cause instanceof Response reply) || reply.type() != ResponseType.ERROR) {
            return Optional.empty();
        }
        if (String.valueOf(cause.getMessage()).startsWith(CLIENT_CONNECTION_CLOSED)) {
            return Optional.of(new Outage(REDIS, CONNECTION_LOST));
        }
        var matcher = REDIS_CODE.matcher(String.valueOf(cause.getMessage()));
        if (!matcher.find()) {
            return Optional.empty();
        }
        var kind = switch (matcher.group(1)) {
            case "OOM", "MISCONF", "READONLY" -> REFUSING_WRITES;
            case "BUSY", "TRYAGAIN" -> BUSY;
            default -> UNREACHABLE;
        };
        return Optional.of(new Outage(REDIS, kind));
    }

    /** PostgreSQL's SQLSTATE classes 08 (connection), 53 (resources) and 57P01-57P03 (shutdown, start-up). */
    private static Optional<Outage> postgresError(Throwable cause) {
        if (!(cause instanceof DatabaseException error) || error.getSqlState() == null) {
            return Optional.empty();
        }
        var state = error.getSqlState();
        String kind = null;
        if (state.equals("08001") || state.equals("08004") || state.equals("57P03")) {
            kind = UNREACHABLE;
        } else if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")) {
            kind = CONNECTION_LOST;
        } else if (state.equals("53100")) {
            kind = REFUSING_WRITES;
        } else if (state.startsWith("53")) {
            kind = BUSY;
        }
        return Optional.ofNullable(kind).map(found -> new Outage(POSTGRESQL, found));
    }

    /** The kind of a failure of the network or of a client, whichever store it came from. */
    private static Optional<String> kind(Throwable cause) {
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException) {
            return Optional.of(UNREACHABLE);
        }
        if (cause instanceof TimeoutException) {
            return Optional.of(TIMEOUT);
        }
        if (cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
            return Optional.of(BUSY);
        }
        if (cause instanceof ClosedChannelException || cause instanceof ClosedConnectionException
                || cause instanceof SocketException
                || cause instanceof IOException && lostConnection(cause.getMessage())
                || cause.getClass().getName().endsWith("NoStackTraceThrowable")
                        && String.valueOf(cause.getMessage()).contains("onnection")) {
            return Optional.of(CONNECTION_LOST);
        }
        return Optional.empty();
    }

    private static boolean lostConnection(String message) {
        if (message == null) {
            return false;
        }
        var lower = message.toLowerCase(java.util.Locale.ROOT);
        return CONNECTION_LOST_MESSAGES.stream().anyMatch(lower::contains);
    }
}
