package io.tally.metering;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.tally.auth.Unauthenticated;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Baselines for load tests, built only with {@code -Dtally.bench.enabled=true} (never in a normal build): the same
 * HTTP stack doing nothing, and doing one Redis round trip. Unauthenticated on purpose: the ceiling of the stack.
 */
@Path("/bench")
@Unauthenticated
@IfBuildProperty(name = "tally.bench.enabled", stringValue = "true")
class BenchResource {
    private final RedisPipes redis;

    BenchResource(RedisPipes redis) {
        this.redis = redis;
    }

    @POST
    @Path("/noop")
    public Uni<String> noop(String body) {
        return Uni.createFrom().item("{}");
    }

    @GET
    @Path("/redis")
    public Uni<String> redis() {
        return redis.send(Request.cmd(Command.INCR).arg("bench:counter")).map(response -> "{}");
    }
}
