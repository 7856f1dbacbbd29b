package io.tally.platform;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;

/**
 * One setting switches the gateway to Redis Cluster: with {@code tally.redis.cluster=true} (TALLY_REDIS_CLUSTER) the
 * Quarkus Redis client (the health check's, the configuration-change publisher's) is a cluster client too, as the
 * gateway's own clients are ({@link RedisPipes}). An explicit {@code quarkus.redis.client-type} (environment, system
 * property) still wins.
 */
public class RedisClusterConfigFactory implements ConfigSourceFactory {
    /** Above application.properties (250), below environment variables (300) and system properties (400). */
    private static final int ORDINAL = 270;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        var cluster = context.getValue("tally.redis.cluster").getValue();
        if (cluster == null || !"true".equalsIgnoreCase(cluster.trim())) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of("quarkus.redis.client-type", "cluster"),
                "tally-redis-cluster", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
