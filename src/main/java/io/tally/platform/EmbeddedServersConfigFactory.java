package io.tally.platform;

import java.util.HashMap;
import java.util.List;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Supplies {@code tally.redis.url} and {@code tally.postgres.*} from embedded servers when, in the dev or test
 * profile, nothing configures them (environment such as {@code TALLY_REDIS_URL}, system properties, or
 * {@code tally.embedded.enabled=false}). The production profile never starts an embedded server: without an
 * address it fails at start-up, naming the missing property.
 */
public class EmbeddedServersConfigFactory implements ConfigSourceFactory {
    /** Above application.properties (250), below environment variables (300) and system properties (400). */
    private static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!embeddedAllowed(context)) {
            return List.of();
        }
        var properties = new HashMap<String, String>();
        if (unset(context, EmbeddedServers.REDIS_URL) && unset(context, "quarkus.redis.hosts")) {
            properties.putAll(EmbeddedServers.redis());
        }
        if (unset(context, EmbeddedServers.POSTGRES_URL) && unset(context, "quarkus.datasource.reactive.url")) {
            properties.putAll(EmbeddedServers.postgres());
        }
        return List.of(new PropertiesConfigSource(properties, "tally-embedded-servers", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean embeddedAllowed(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean devOrTest = profiles.contains("dev") || profiles.contains("test");
        return devOrTest && !"false".equalsIgnoreCase(context.getValue("tally.embedded.enabled").getValue());
    }

    private static boolean unset(ConfigSourceContext context, String name) {
        var value = context.getValue(name).getValue();
        return value == null || value.isBlank();
    }
}
