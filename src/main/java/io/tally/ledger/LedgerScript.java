package io.tally.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One ledger script: {@code lua/ledger/_lib.lua} followed by {@code lua/ledger/<name>.lua}, and its SHA-1, which is
 * what Redis names it by (so EVALSHA works whichever node or process loaded it).
 */
record LedgerScript(String name, String source, String sha) {
    static final LedgerScript RESERVE = load("reserve");
    static final LedgerScript SETTLE = load("settle");
    static final LedgerScript METER = load("meter");
    static final LedgerScript CREDIT = load("credit");
    static final LedgerScript BALANCE = load("balance");

    static LedgerScript[] all() {
        return new LedgerScript[] {RESERVE, SETTLE, METER, CREDIT, BALANCE};
    }

    private static LedgerScript load(String name) {
        var source = read("_lib") + read(name);
        return new LedgerScript(name, source, sha1(source));
    }

    private static String read(String name) {
        var path = "lua/ledger/" + name + ".lua";
        try (var in = LedgerScript.class.getClassLoader().getResourceAsStream(path)) {
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
