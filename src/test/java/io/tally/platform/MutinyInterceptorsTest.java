package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.infrastructure.CallbackDecorator;
import io.smallrye.mutiny.infrastructure.UniInterceptor;

/**
 * No Mutiny interceptor wraps each {@code Uni} step: SmallRye's context-propagation one looked up a thread context
 * around every step of every request and propagated nothing, CDI propagation being off (application.properties).
 * Any dependency that brings {@code quarkus-mutiny} brings it back unless excluded in the pom.
 */
class MutinyInterceptorsTest {
    @Test
    void noContextPropagationAroundUniSteps() {
        var decorators = ServiceLoader.load(CallbackDecorator.class).stream().map(p -> p.type().getName()).toList();
        var interceptors = ServiceLoader.load(UniInterceptor.class).stream().map(p -> p.type().getName()).toList();
        assertThat(decorators).noneMatch(name -> name.startsWith("io.smallrye.mutiny.context."));
        assertThat(interceptors).noneMatch(name -> name.startsWith("io.smallrye.mutiny.context."));
    }
}
