package io.tally.statement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.tally.pricing.Credits;

/** A statement as JSON: credits as decimals, each section with its lines and total. */
public record StatementView(String account, String accountName, String subAccount, String period, LocalDate from,
        LocalDate to, String timeZone, BigDecimal opening, Section credits, Section usage, Section expired,
        Section other, BigDecimal closing) {

    public record Section(List<LineView> lines, BigDecimal total) {
        static Section of(List<Statement.Line> lines) {
            return new Section(lines.stream().map(l -> new LineView(l.label(), Credits.decimal(l.credits()))).toList(),
                    Credits.decimal(lines.stream().mapToLong(Statement.Line::credits).sum()));
        }
    }

    public record LineView(String label, BigDecimal credits) {
    }

    public static StatementView of(Statements.Named named) {
        var s = named.statement();
        return new StatementView(s.account(), named.accountName(), s.subAccount(), s.period().name(), s.period().from(),
                s.period().to(), s.zone().getId(), Credits.decimal(s.opening()), Section.of(s.credits()),
                Section.of(s.usage()), Section.of(s.expired()), Section.of(s.other()), Credits.decimal(s.closing()));
    }
}
