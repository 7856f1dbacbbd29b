package io.tally.statement;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * Statements and their schedules: the scope check first (an account's statement needs the whole account; a
 * sub-account's, that sub-account), then the period (400 naming it), the account (404, and its time zone), one query.
 */
@Singleton
public class Statements {
    static final int MAX_RECIPIENTS = 20;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\",;]{1,64}@[^@\\s<>\",;]+\\.[^@\\s<>\",;]+");

    private final StatementRepository repository;
    private final AccountDirectory directory;
    private final Clock clock;

    Statements(StatementRepository repository, AccountDirectory directory, Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.clock = clock;
    }

    /** A statement with the account's name and the period's payments, for the page and the email. */
    public record Named(Statement statement, String accountName, List<PaymentLine> payments) {
        public Named {
            payments = List.copyOf(payments);
        }
    }

    public Uni<Named> statement(String account, String periodName, String subAccount, Caller caller) {
        if (subAccount == null) {
            Scopes.requireWholeAccount(caller, account);
        } else {
            Fields.id("subAccount", subAccount);
            Scopes.requireSubAccount(caller, account, subAccount);
        }
        var period = StatementPeriod.parse(periodName);
        return profile(account).chain(profile -> {
            if (subAccount != null && profile.subAccount(subAccount).isEmpty()) {
                throw Refusal.notFound("no sub-account " + subAccount + " in account " + account);
            }
            return build(profile, period, subAccount);
        });
    }

    /** The statement of a period that has not begun is refused: it would show what is not known yet. */
    Uni<Named> build(AccountProfile profile, StatementPeriod period, String subAccount) {
        var zone = profile.account().timeZone();
        var from = period.from().atStartOfDay(zone).toInstant();
        var to = period.to().atStartOfDay(zone).toInstant();
        if (!from.isBefore(clock.instant())) {
            throw Refusal.invalid("period", "period: " + period.name() + " has not begun in the account's time zone");
        }
        var account = profile.account().id();
        return repository.movements(account, subAccount, from, to)
                .chain(movements -> repository.payments(account, subAccount, from, to)
                        .map(payments -> new Named(Statement.of(account, subAccount, zone, period, movements),
                                profile.account().name(), payments)));
    }

    public Uni<Schedule> schedule(String account, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return profile(account).chain(profile -> repository.schedule(account))
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no statement schedule for " + account)));
    }

    public Uni<Schedule> saveSchedule(String account, String frequency, List<String> recipients, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        var schedule = new Schedule(account, Frequency.parse(Fields.required("frequency", frequency)),
                recipients(recipients));
        return profile(account).chain(profile -> repository.saveSchedule(schedule, clock.instant()));
    }

    public Uni<Void> deleteSchedule(String account, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return repository.deleteSchedule(account).invoke(deleted -> {
            if (!deleted) {
                throw Refusal.notFound("no statement schedule for " + account);
            }
        }).replaceWithVoid();
    }

    static List<String> recipients(List<String> recipients) {
        Fields.required("recipients", recipients);
        if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
            throw Refusal.invalid("recipients", "recipients: from 1 to " + MAX_RECIPIENTS + " email addresses");
        }
        var unique = new LinkedHashSet<String>();
        for (int i = 0; i < recipients.size(); i++) {
            var address = recipients.get(i);
            var field = "recipients[" + i + "]";
            if (address == null || address.length() > 254 || !EMAIL.matcher(address).matches()) {
                throw Refusal.invalid(field, field + ": an email address such as billing@example.com");
            }
            unique.add(address);
        }
        return new ArrayList<>(unique);
    }

    private Uni<AccountProfile> profile(String account) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)));
    }
}
