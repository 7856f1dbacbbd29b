package io.tally.platform;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Failures that mean a backing store (Redis, PostgreSQL) cannot be reached now: answer 503, never guess. */
public final class Unavailable {
    private Unavailable() {
    }

    public static boolean test(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof ClosedChannelException
                    || cause instanceof TimeoutException
                    || cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                    || cause instanceof io.vertx.sqlclient.ClosedConnectionException
                    || cause.getClass().getName().endsWith("NoStackTraceThrowable")
                            && String.valueOf(cause.getMessage()).contains("onnection")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
