package io.tally.alert;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.platform.ConfigChanges;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;
import io.tally.pricing.ServiceCatalogue;

/**
 * Accounts' alert rules: kept in PostgreSQL, mirrored into Redis for the ledger scripts after each change
 * ({@link RuleMirror}), and mirrored again when the account's settings change (a sub-account's monthly limit is part
 * of its limit-reached rules' mirror).
 */
@Singleton
public class AlertRules {
    private static final Logger LOG = Logger.getLogger(AlertRules.class);
    /** Rules per account: every movement of the account reads them all. */
    static final int MAX_RULES = 50;

    private final AlertRuleRepository repository;
    private final RedisRuleMirror mirror;
    private final AccountDirectory directory;
    private final ServiceCatalogue catalogue;
    private final Clock clock;

    AlertRules(AlertRuleRepository repository, RedisRuleMirror mirror, AccountDirectory directory,
            ServiceCatalogue catalogue, ConfigChanges changes, Clock clock) {
        this.catalogue = catalogue;
        this.repository = repository;
        this.mirror = mirror;
        this.directory = directory;
        this.clock = clock;
        changes.subscribe("account", this::accountChanged, () -> {
        });
    }

    Uni<AlertRule> create(String account, AlertRuleRequest request, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        var rule = request.create(account, "ar_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
                clock.instant());
        return profile(account)
                .invoke(profile -> requireSubAccount(profile, rule))
                .call(() -> requireService(rule))
                .chain(() -> repository.count(account))
                .invoke(count -> {
                    if (count >= MAX_RULES) {
                        throw ProblemException.conflict("too-many-alert-rules",
                                "an account has at most " + MAX_RULES + " alert rules", null);
                    }
                })
                .chain(() -> repository.save(rule))
                .chain(() -> sync(account))
                .replaceWith(rule);
    }

    public Uni<List<AlertRule>> list(String account, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return profile(account).chain(() -> repository.list(account));
    }

    Uni<AlertRule> get(String account, String id, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return profile(account).chain(() -> find(account, id));
    }

    Uni<AlertRule> patch(String account, String id, AlertRuleRequest request, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return profile(account)
                .chain(profile -> find(account, id)
                        .map(rule -> request.patch(rule, clock.instant()))
                        .invoke(rule -> requireSubAccount(profile, rule)))
                .call(this::requireService)
                .call(repository::save)
                .call(() -> sync(account));
    }

    Uni<Void> delete(String account, String id, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return profile(account)
                .chain(() -> repository.delete(account, id))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw Refusal.notFound("no alert rule " + id);
                    }
                })
                .chain(() -> sync(account));
    }

    /** A rule scoped to a service names one of the catalogue (400 naming {@code service} otherwise). */
    private Uni<Void> requireService(AlertRule rule) {
        if (rule.service().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return catalogue.current().invoke(services -> services.require("service", rule.service().get()))
                .replaceWithVoid();
    }

    /** Writes the account's rules as PostgreSQL has them now where the scripts read them. */
    Uni<Void> sync(String account) {
        return repository.list(account)
                .chain(rules -> catalogue.current().chain(services -> directory.profile(account)
                        .map(profile -> RuleMirror.lines(rules, limits(profile.orElse(null)),
                                service -> services.categoryOf(service).label()))))
                .chain(lines -> mirror.write(account, lines));
    }

    private void accountChanged(String account) {
        repository.list(account)
                .chain(rules -> rules.stream().anyMatch(rule -> rule.type() == AlertType.LIMIT_REACHED)
                        ? sync(account)
                        : Uni.createFrom().voidItem())
                .subscribe().with(done -> {
                }, failure -> LOG.warnf("Alert rules of %s not mirrored after a change: %s", account,
                        failure.toString()));
    }

    private Uni<AlertRule> find(String account, String id) {
        return repository.find(account, id)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no alert rule " + id)));
    }

    private Uni<AccountProfile> profile(String account) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)));
    }

    private static void requireSubAccount(AccountProfile profile, AlertRule rule) {
        if (rule.subAccount().isPresent() && profile.subAccount(rule.subAccount().get()).isEmpty()) {
            throw Refusal.invalid("subAccount", "subAccount: no sub-account " + rule.subAccount().get());
        }
    }

    private static Map<String, Long> limits(AccountProfile profile) {
        var limits = new HashMap<String, Long>();
        if (profile != null) {
            profile.subAccounts().values().forEach(sub -> sub.monthlyLimit()
                    .ifPresent(limit -> limits.put(sub.id(), limit)));
        }
        return limits;
    }
}
