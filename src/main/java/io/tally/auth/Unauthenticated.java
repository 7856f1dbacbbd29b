package io.tally.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint that takes no key: the carriers' webhooks (each request proves its origin by its carrier's signature
 * scheme instead) and the load-test baselines, which exist only in builds made with {@code -Dtally.bench.enabled=true}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Unauthenticated {
}
