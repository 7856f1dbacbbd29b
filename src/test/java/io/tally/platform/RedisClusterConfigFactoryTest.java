package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** TALLY_REDIS_CLUSTER alone switches the Quarkus Redis client to cluster mode too; an explicit client type wins. */
class RedisClusterConfigFactoryTest {
    @Test
    void theClusterSettingMakesTheQuarkusClientAClusterClient() {
        assertThat(config(Map.of("TALLY_REDIS_CLUSTER", "true")).getOptionalValue("quarkus.redis.client-type", String.class)
                .orElse(null))
                .isEqualTo("cluster");
    }

    @Test
    void withoutItTheClientTypeIsLeftAlone() {
        assertThat(config(Map.of("TALLY_REDIS_CLUSTER", "false")).getOptionalValue("quarkus.redis.client-type", String.class)
                .orElse(null)).isNull();
        assertThat(config(Map.of()).getOptionalValue("quarkus.redis.client-type", String.class).orElse(null)).isNull();
    }

    @Test
    void anExplicitClientTypeWins() {
        assertThat(config(Map.of("TALLY_REDIS_CLUSTER", "true", "QUARKUS_REDIS_CLIENT_TYPE", "standalone"))
                .getOptionalValue("quarkus.redis.client-type", String.class).orElse(null)).isEqualTo("standalone");
    }

    /** Configuration with {@code environment} as environment variables (ordinal 300). */
    private static SmallRyeConfig config(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(new RedisClusterConfigFactory())
                .build();
    }
}
