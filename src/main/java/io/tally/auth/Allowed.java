package io.tally.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that reach an endpoint. Every resource method carries one (a test checks it); a method without it
 * is refused to everybody. Scope (which account) is checked by the resource against the {@link Caller}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface Allowed {
    Role[] value();
}
