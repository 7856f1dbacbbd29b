package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

class EmbeddedServersConfigFactoryTest {
    private final EmbeddedServersConfigFactory factory = new EmbeddedServersConfigFactory();

    @Test
    void theProductionProfileNeverStartsEmbeddedServers() {
        var sources = factory.getConfigSources(context(List.of("prod"), Map.of()));
        assertThat(sources).isEmpty();
    }

    @Test
    void configuredAddressesAreUsedAsTheyAre() {
        var sources = factory.getConfigSources(context(List.of("test"), Map.of(
                "tally.redis.url", "redis://redis.example:6379",
                "tally.postgres.url", "postgresql://db.example:5432/tally")));
        assertThat(properties(sources)).isEmpty();
    }

    @Test
    void embeddedServersCanBeSwitchedOff() {
        var sources = factory.getConfigSources(context(List.of("dev"), Map.of("tally.embedded.enabled", "false")));
        assertThat(sources).isEmpty();
    }

    private static Map<String, String> properties(Iterable<ConfigSource> sources) {
        var all = new java.util.HashMap<String, String>();
        sources.forEach(source -> all.putAll(source.getProperties()));
        return all;
    }

    private static ConfigSourceContext context(List<String> profiles, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(values.get(name)).build();
            }

            @Override
            public List<String> getProfiles() {
                return profiles;
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        };
    }
}
