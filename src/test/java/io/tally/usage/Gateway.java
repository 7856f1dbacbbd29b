package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged gateway (target/quarkus-app) as a child process, on a port of its own, for the resilience tests. */
final class Gateway implements AutoCloseable {
    static final String OPERATOR_KEY = "it-operator-key-0123456789abcdefghijklmn";
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Process process;

    private Gateway(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts a gateway on the given Redis and PostgreSQL and waits until it answers. */
    static Gateway start(String name, String redisUrl, String postgresUrl, Map<String, String> settings) {
        return start(name, JAR, redisUrl, postgresUrl, settings);
    }

    /** The same from another build of the gateway ({@link #copyWith}). */
    static Gateway start(String name, Path jar, String redisUrl, String postgresUrl, Map<String, String> settings) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first (mvn verify does)");
        }
        int port = freePort();
        var env = new HashMap<String, String>();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("PORT", Integer.toString(port));
        env.put("TALLY_REDIS_URL", redisUrl);
        env.put("TALLY_POSTGRES_URL", postgresUrl);
        env.put("TALLY_POSTGRES_USERNAME", "postgres");
        env.put("TALLY_POSTGRES_PASSWORD", "postgres");
        env.put("TALLY_AUTH_BOOTSTRAP_OPERATOR_KEY", OPERATOR_KEY);
        env.put("TALLY_USAGE_WRITER_CONSUMER", name);
        env.putAll(settings);
        var log = Path.of("target", "it-logs", name + ".log");
        try {
            Files.createDirectories(log.getParent());
            var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            var gateway = new Gateway(name, port, builder.start());
            gateway.awaitUp(Duration.ofSeconds(120)); // a loaded 2-core machine has taken over 60 s
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Another version of the packaged gateway: a copy of target/quarkus-app (its libraries linked, not copied) under
     * {@code target/<name>} whose application jar has {@code changes} appended to the named resources (e.g. a
     * comment to a Lua script, which changes its SHA-1 and nothing else). Answers the copy's quarkus-run.jar.
     */
    static Path copyWith(String name, Map<String, String> changes) {
        var from = JAR.getParent();
        var to = Path.of("target", name, "quarkus-app");
        try {
            if (Files.exists(to)) {
                try (var old = Files.walk(to.getParent())) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            try (var files = Files.walk(from)) {
                for (var path : (Iterable<Path>) files::iterator) {
                    var target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else if (path.getParent().endsWith("app")) {
                        Files.copy(path, target);
                    } else {
                        try {
                            Files.createLink(target, path);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(path, target);
                        }
                    }
                }
            }
            try (var apps = Files.list(to.resolve("app"))) {
                var app = apps.filter(path -> path.toString().endsWith(".jar")).findFirst().orElseThrow();
                try (var jar = java.nio.file.FileSystems.newFileSystem(app)) {
                    for (var change : changes.entrySet()) {
                        var entry = jar.getPath(change.getKey());
                        Files.writeString(entry, Files.readString(entry) + change.getValue());
                    }
                }
            }
            return to.resolve("quarkus-run.jar");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Status and body of a request with the operator key; a connection failure is status 0. */
    /** Accounts {@code <prefix>-0}, {@code -1}, … with an SMS rate of 0.01 and a package of a million credits each. */
    List<String> fundedAccounts(String prefix, int count) {
        var accounts = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            var account = prefix + "-" + i;
            expect(201, send("POST", "/v1/accounts", "{\"id\":\"" + account + "\",\"name\":\"" + account + "\"}"));
            expect(200, send("PUT", "/v1/accounts/" + account + "/rates", "{\"rates\":[{\"service\":\"SMS\","
                    + "\"direction\":\"outbound\",\"country\":\"*\",\"rate\":\"0.01\"}]}"));
            expect(201, send("POST", "/v1/accounts/" + account + "/grants", "{\"idempotencyKey\":\"g-" + account
                    + "\",\"kind\":\"package\",\"amount\":\"1000000\"}"));
            accounts.add(account);
        }
        return accounts;
    }

    static void expect(int status, Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    }

    Reply send(String method, String path, String json) {
        return send(method, path, json, OPERATOR_KEY);
    }

    /** Status and body of a request with {@code key}; a connection failure is status 0. */
    Reply send(String method, String path, String json, String key) {
        var request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Reply(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, e.toString());
        }
    }

    /** The process id, to find what the process holds (its sockets) in /proc. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no drain. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and the exit code once it is gone. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(Path.of("target", "it-logs", name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitUp(Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start-up:\n" + log());
            }
            if (send("GET", "/q/health/live", null).status() == 200) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " did not start within " + timeout + ":\n" + log());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param retryAfter the Retry-After header, or null */
    record Reply(int status, String body, String retryAfter) {
        Reply(int status, String body) {
            this(status, body, null);
        }
    }
}
