package io.tally.alert;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.LedgerConfig;
import io.tally.platform.LuaSources;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;

/** Writes an account's alert rules where the ledger scripts read them ({@code lua/alert/mirror.lua}). */
@Singleton
class RedisRuleMirror {
    private static final String SOURCE = LuaSources.read("alert", "mirror");
    private static final String SHA = LuaSources.sha1(SOURCE);

    private final RedisPipes redis;
    private final AlertKeys keys;

    RedisRuleMirror(RedisPipes redis, LedgerConfig config) {
        this.redis = redis;
        this.keys = new AlertKeys(config.partitions());
    }

    /** The rules (lines of {@link RuleMirror}) replace the account's; states of rules not among them go. */
    Uni<Void> write(String account, List<String> lines) {
        var args = new ArrayList<String>();
        args.add(account);
        args.add(String.join("\n", lines));
        lines.forEach(line -> args.add(RuleMirror.id(line)));
        var key = List.of(keys.rules(account), keys.states(account), keys.expiring(account));
        return redis.send(LuaSources.call(Command.EVALSHA, SHA, key, args))
                .onFailure(LuaSources::isNoScript)
                .recoverWithUni(() -> redis.send(LuaSources.call(Command.EVAL, SOURCE, key, args)))
                .replaceWithVoid();
    }
}
