package io.tally.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource whose endpoints authenticate by the dashboard's session cookie ({@link Sessions}), never by a bearer
 * key: {@link AuthFilter} finds the session, looks its key up again (a revoked key ends it), refuses an unsafe method
 * without the session's CSRF token, then checks {@link Allowed} as for any endpoint.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SessionCookie {
}
