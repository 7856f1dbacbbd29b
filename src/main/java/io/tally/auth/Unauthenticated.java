package io.tally.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint that takes no key. Only the load-test baselines carry it, and they exist only in builds made with
 * {@code -Dtally.bench.enabled=true}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Unauthenticated {
}
