package io.tally.statement;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tally.Api;

/** Scheduled statements reach a real SMTP server once per period, whatever the number of runs. */
@QuarkusTest
@TestProfile(StatementMailTest.Smtp.class)
class StatementMailTest {

    /** Its own profile, so that the SMTP server serves only this class. */
    public static class Smtp implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SmtpServer.class));
        }
    }

    @Inject
    StatementMailer mailer;

    @Test
    void aScheduledStatementIsEmailedOncePerPeriodToEveryRecipient() throws Exception {
        var account = Api.newAccount();
        var schedule = "/v1/accounts/" + account + "/statement-schedule";
        asOperator().get(schedule).then().statusCode(404);
        asOperator().body(Map.of("frequency", "monthly", "recipients",
                List.of("billing@example.com", "cfo@example.com", "billing@example.com")))
                .put(schedule).then().statusCode(200)
                .body("recipients", org.hamcrest.Matchers.contains("billing@example.com", "cfo@example.com"));

        assertThat(mailer.runOnce().await().atMost(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(1);
        assertThat(mailer.runOnce().await().atMost(Duration.ofSeconds(30))).isZero();

        var period = StatementPeriod.lastComplete(Frequency.MONTHLY, LocalDate.now(ZoneId.of("Europe/Rome"))).name();
        var mine = mine(account);
        assertThat(mine).hasSize(2); // one copy per recipient
        var mail = mine.get(0);
        assertThat(mail.getSubject()).isEqualTo("Statement " + period + " · Account " + account);
        assertThat(mail.getFrom()[0].toString()).isEqualTo("statements@tally.test");
        var parts = (Multipart) mail.getContent();
        var names = new ArrayList<String>();
        var bodies = new ArrayList<String>();
        collect(parts, names, bodies);
        assertThat(names).containsExactly("statement-" + account + "-" + period + ".csv");
        assertThat(String.join("\n", bodies)).contains("<h1>Statement " + period + "</h1>", "section,label,credits");

        // a second schedule change does not send the same period again
        asOperator().body(Map.of("frequency", "monthly", "recipients", List.of("new@example.com"))).put(schedule)
                .then().statusCode(200);
        assertThat(mailer.runOnce().await().atMost(Duration.ofSeconds(30))).isZero();
        assertThat(mine(account)).hasSize(2);
        asOperator().delete(schedule).then().statusCode(204);
        asOperator().delete(schedule).then().statusCode(404);
    }

    @Test
    void badSchedulesAreRefusedNamingTheFieldAndOnlyCompanyAdminsSetThem() {
        var account = Api.newAccount();
        var schedule = "/v1/accounts/" + account + "/statement-schedule";
        asOperator().body(Map.of("frequency", "daily", "recipients", List.of("a@example.com"))).put(schedule)
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("frequency"));
        asOperator().body(Map.of("frequency", "weekly", "recipients", List.of("a@example.com", "not an address")))
                .put(schedule).then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("recipients[1]"));
        asOperator().body(Map.of("frequency", "weekly", "recipients", List.of())).put(schedule).then()
                .statusCode(400).body("detail", org.hamcrest.Matchers.containsString("recipients"));
        asOperator().body(Map.of("frequency", "weekly", "recipients",
                Collections.nCopies(21, "a@example.com"))).put(schedule).then().statusCode(400);
        asOperator().body(Map.of("frequency", "weekly")).put(schedule).then().statusCode(400);
        asOperator().get(schedule).then().statusCode(404);

        asOperator().body(Map.of("id", "rome", "name", "Rome")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        var office = Api.accountKey(account, "office-admin", List.of("rome"));
        as(office).body(Map.of("frequency", "weekly", "recipients", List.of("a@example.com"))).put(schedule)
                .then().statusCode(403);
        asOperator().body(Map.of("frequency", "weekly", "recipients", List.of("a@example.com")))
                .put("/v1/accounts/acct-nobody-here/statement-schedule").then().statusCode(404);
    }

    private static List<MimeMessage> mine(String account) throws Exception {
        var mine = new ArrayList<MimeMessage>();
        for (var message : SmtpServer.server.getReceivedMessages()) {
            if (message.getSubject().endsWith(account)) {
                mine.add(message);
            }
        }
        return mine;
    }

    private static void collect(Multipart multipart, List<String> names, List<String> bodies) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                collect(nested, names, bodies);
                continue;
            }
            if (part.getFileName() != null) {
                names.add(part.getFileName());
            }
            bodies.add(part.getContent() instanceof String text ? text
                    : new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
