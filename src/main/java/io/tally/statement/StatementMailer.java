package io.tally.statement;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.platform.RedisLockedTimer;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;

/**
 * Emails each scheduled statement once its period has ended in the account's time zone: the page as the body, the
 * CSV attached. Every {@code tally.statements.interval} one replica (a Redis lock) runs the schedules; each period's
 * statement is claimed in PostgreSQL before it is sent, so it goes out once however many replicas run, and a claim
 * whose replica died is taken over after {@code tally.statements.lease}. A failed send gives its claim back and is
 * tried again at the next run.
 */
@Singleton
class StatementMailer {
    private static final Logger LOG = Logger.getLogger(StatementMailer.class);
    private static final String LOCK = "tally:statements:mailer";
    private static final int PAGE = 200;

    private final StatementRepository repository;
    private final Statements statements;
    private final StatementPageView pages;
    private final AccountDirectory directory;
    private final ReactiveMailer mailer;
    private final Clock clock;
    private final StatementConfig config;
    private final Counter sent;
    private final Counter failed;
    private final RedisLockedTimer timer;

    StatementMailer(StatementRepository repository, Statements statements, StatementPageView pages,
            AccountDirectory directory, ReactiveMailer mailer, RedisPipes redis, Vertx vertx, Clock clock,
            StatementConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.statements = statements;
        this.pages = pages;
        this.directory = directory;
        this.mailer = mailer;
        this.clock = clock;
        this.config = config;
        this.sent = Counter.builder("tally.statements.emails").tag("outcome", "sent")
                .description("Scheduled statements emailed").register(registry);
        this.failed = Counter.builder("tally.statements.emails").tag("outcome", "failed")
                .description("Scheduled statements whose email failed (tried again at the next run)")
                .register(registry);
        this.timer = new RedisLockedTimer(vertx, redis, clock, LOCK, config.interval(), this::runOnce);
    }

    void start(@Observes StartupEvent event) {
        timer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.stop();
    }

    /** One run over every schedule, whatever the lock says; answers how many statements it emailed. */
    Uni<Integer> runOnce() {
        return Multi.createBy().repeating()
                .uni(() -> new String[] { "" }, last -> repository.schedules(last[0], PAGE)
                        .invoke(page -> last[0] = page.isEmpty() ? last[0] : page.get(page.size() - 1).account()))
                .whilst(page -> page.size() == PAGE)
                .onItem().transformToIterable(page -> page)
                .onItem().transformToUniAndConcatenate(this::send)
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> send(Schedule schedule) {
        var account = schedule.account();
        return directory.profile(account).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            var profile = found.get();
            var today = LocalDate.now(clock.withZone(profile.account().timeZone()));
            var period = StatementPeriod.lastComplete(schedule.frequency(), today);
            var now = clock.instant();
            return repository.claim(account, period.name(), now, now.minus(config.lease())).chain(claimed -> {
                if (!claimed) {
                    return Uni.createFrom().item(0);
                }
                return statements.build(profile, period, null)
                        .chain(named -> mailer.send(mail(schedule, named)))
                        .chain(() -> repository.sent(account, period.name(), schedule.recipients(), clock.instant()))
                        .invoke(() -> sent.increment())
                        .replaceWith(1)
                        .onFailure().call(failure -> {
                            failed.increment();
                            LOG.warnf("Statement %s of account %s not emailed: %s", period.name(), account,
                                    failure.toString());
                            return repository.release(account, period.name());
                        })
                        .onFailure().recoverWithItem(0);
            });
        });
    }

    private Mail mail(Schedule schedule, Statements.Named named) {
        var s = named.statement();
        return new Mail().setFrom(config.from()).setTo(schedule.recipients())
                .setSubject("Statement " + s.period().name() + " · " + oneLine(named.accountName()))
                .setHtml(pages.html(named))
                .addAttachment(StatementResource.fileName(s), pages.csv(named).getBytes(StandardCharsets.UTF_8),
                        StatementResource.CSV);
    }

    /** An account name in a subject: one line, whatever the customer typed. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
    }
}
