package io.tally.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Lua scripts from the class path ({@code lua/<feature>/<name>.lua}), the SHA-1 Redis names a script by, and the
 * EVALSHA/EVAL requests that run one.
 */
public final class LuaSources {
    private LuaSources() {
    }

    /**
     * The text of {@code lua/
     *
    <dir>
     * /<name>.lua}; a missing script is a build error, so it fails at once.
     */
    public static String read(String dir, String name) {
        var path = "lua/" + dir + "/" + name + ".lua";
        try (var in = LuaSources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    /** A script after what it uses of a library: {@link LuaLibrary#shake}. */
    public static String withLibrary(String library, String script) {
        return LuaLibrary.shake(library, script);
    }

    /** What EVALSHA takes: the hex SHA-1 of the script's UTF-8 bytes. */
    public static String sha1(String source) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code EVALSHA sha} or {@code EVAL source}, with the script's keys and arguments. */
    public static Request call(Command command, String script, List<String> keys, List<String> args) {
        var request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    /** Whether EVALSHA failed because the node does not know the script (restarted, or new): then EVAL it. */
    public static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }
}
