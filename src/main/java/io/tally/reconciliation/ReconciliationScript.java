package io.tally.reconciliation;

import io.tally.platform.LuaSources;

/** One script of {@code lua/reconciliation}: {@code _backlog.lua} followed by {@code <name>.lua}, and its SHA-1. */
record ReconciliationScript(String name, String source, String sha) {
    static final ReconciliationScript SNAPSHOT = load("snapshot");
    static final ReconciliationScript REBUILD = load("rebuild");
    static final ReconciliationScript HOLDS = load("holds");

    private static ReconciliationScript load(String name) {
        var source = LuaSources.read("reconciliation", "_backlog") + LuaSources.read("reconciliation", name);
        return new ReconciliationScript(name, source, LuaSources.sha1(source));
    }
}
