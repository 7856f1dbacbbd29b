package io.tally.ledger;

import java.util.Arrays;

import io.tally.platform.LuaSources;

/**
 * One ledger script: {@code lua/ledger/<name>.lua} after what it uses of {@code lua/ledger/_lib.lua}
 * ({@link LuaSources#withLibrary}), and its SHA-1, which is
 * what Redis names it by (so EVALSHA works whichever node or process loaded it).
 */
record LedgerScript(String name, String source, String sha) {
    static final LedgerScript RESERVE = load("reserve");
    static final LedgerScript SETTLE = load("settle");
    static final LedgerScript METER = load("meter");
    static final LedgerScript CREDIT = load("credit");
    static final LedgerScript BALANCE = load("balance");
    static final LedgerScript EXPIRE = load("expire");
    static final LedgerScript REFRESH = load("refresh");
    static final LedgerScript EXTEND_EXPIRY = load("extend-expiry");
    static final LedgerScript RECHARGE_DUE = load("recharge-due");
    static final LedgerScript RECHARGE_END = load("recharge-end");
    static final LedgerScript EXPIRING = load("expiring");
    static final LedgerScript ADJUST = load("adjust");

    static LedgerScript[] all() {
        return new LedgerScript[] { RESERVE, SETTLE, METER, CREDIT, BALANCE, EXPIRE, REFRESH, EXTEND_EXPIRY,
                RECHARGE_DUE, RECHARGE_END, EXPIRING, ADJUST };
    }

    /** The script {@code lua/ledger/<name>.lua}. */
    static LedgerScript named(String name) {
        return Arrays.stream(all())
                .filter(script -> script.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no ledger script " + name));
    }

    private static LedgerScript load(String name) {
        var source = LuaSources.withLibrary(LuaSources.read("ledger", "_lib"), LuaSources.read("ledger", name));
        return new LedgerScript(name, source, LuaSources.sha1(source));
    }
}
