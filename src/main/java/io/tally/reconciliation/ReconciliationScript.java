package io.tally.reconciliation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One script of {@code lua/reconciliation}: {@code _backlog.lua} followed by {@code <name>.lua}, and its SHA-1. */
record ReconciliationScript(String name, String source, String sha) {
    static final ReconciliationScript SNAPSHOT = load("snapshot");
    static final ReconciliationScript REBUILD = load("rebuild");

    private static ReconciliationScript load(String name) {
        var source = read("_backlog") + read(name);
        return new ReconciliationScript(name, source, sha1(source));
    }

    private static String read(String name) {
        var path = "lua/reconciliation/" + name + ".lua";
        try (var in = ReconciliationScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    private static String sha1(String source) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
