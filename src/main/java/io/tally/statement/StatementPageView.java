package io.tally.statement;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

import jakarta.inject.Singleton;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.tally.pricing.Credits;

/**
 * A statement as a printable HTML page (Qute's {@code statement.html}, which escapes every value: account names are
 * the customer's text) and as a CSV file ({@code section,label,credits}, a row per line, the opening and closing
 * balances, then a {@code payment} row per payment of the period).
 */
@Singleton
public class StatementPageView {
    private final Template page;

    StatementPageView(@Location("statement.html") Template page) {
        this.page = page;
    }

    /** One section of the page: a title, its lines and its total, as text. */
    @TemplateData
    public record Section(String title, List<Row> lines, String total) {
    }

    /** One line: a label and credits, as text. */
    @TemplateData
    public record Row(String label, String credits) {
    }

    /** A payment of the period, as text. */
    @TemplateData
    public record PaymentRow(String id, String kind, String at, String credits, String amount, String status) {
        static PaymentRow of(PaymentLine p) {
            return new PaymentRow(p.id(), p.kind(), p.at().toString(), Credits.format(p.credits()),
                    StatementPageView.amount(p.amountMinor(), p.currency()), p.status());
        }
    }

    /** What the page shows, as text. */
    @TemplateData
    public record Page(String account, String name, String subAccount, String period, String from, String to,
            String zone, String opening, List<Section> sections, String closing, List<PaymentRow> payments) {
    }

    public String html(Statements.Named named) {
        var s = named.statement();
        return page.data("page", new Page(s.account(), named.accountName(), s.subAccount(), s.period().name(),
                s.period().from().toString(), s.period().to().toString(), s.zone().getId(),
                Credits.format(s.opening()), sections(s), Credits.format(s.closing()),
                named.payments().stream().map(PaymentRow::of).toList())).render();
    }

    public String csv(Statements.Named named) {
        var s = named.statement();
        var out = new StringWriter();
        try (var csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            csv.printRecord("section", "label", "credits");
            csv.printRecord("opening", "", Credits.format(s.opening()));
            for (var section : sections(s)) {
                for (var line : section.lines()) {
                    csv.printRecord(section.title(), line.label(), line.credits());
                }
            }
            csv.printRecord("closing", "", Credits.format(s.closing()));
            for (var p : named.payments().stream().map(PaymentRow::of).toList()) {
                csv.printRecord("payment", String.join(" ", p.at(), p.kind(), p.id(), p.status(), p.amount()),
                        p.credits());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<Section> sections(Statement s) {
        return List.of(section(s.subAccount() == null ? "credits in" : "allocated", s.credits()),
                section("usage", s.usage()), section("expired", s.expired()), section("other", s.other()));
    }

    /** An amount in minor units as its currency writes it: {@code 1250 EUR} is {@code 12.50 EUR}. */
    static String amount(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }

    private static Section section(String title, List<Statement.Line> lines) {
        return new Section(title,
                lines.stream().map(l -> new Row(l.label(), Credits.format(l.credits()))).toList(),
                Credits.format(lines.stream().mapToLong(Statement.Line::credits).sum()));
    }
}
