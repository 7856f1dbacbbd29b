package io.tally.statement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.tally.pricing.Credits;

/** A statement as JSON: credits as decimals, each section with its lines and total. */
public record StatementView(String account, String accountName, String subAccount, String period, LocalDate from,
        LocalDate to, String timeZone, BigDecimal opening, Section credits, Section usage, Section expired,
        Section other, BigDecimal closing, List<PaymentView> payments) {

    public record Section(List<LineView> lines, BigDecimal total) {
        static Section of(List<Statement.Line> lines) {
            return new Section(lines.stream().map(l -> new LineView(l.label(), Credits.decimal(l.credits()))).toList(),
                    Credits.decimal(lines.stream().mapToLong(Statement.Line::credits).sum()));
        }
    }

    public record LineView(String label, BigDecimal credits) {
    }

    /** A payment of the period: credits, the amount in minor units of its currency (as the payments listing). */
    public record PaymentView(String id, String kind, Instant createdAt, BigDecimal credits, long amount,
            String currency, String status, String reference) {
        static PaymentView of(PaymentLine p) {
            return new PaymentView(p.id(), p.kind(), p.at(), Credits.decimal(p.credits()), p.amountMinor(),
                    p.currency(), p.status(), p.reference());
        }
    }

    public static StatementView of(Statements.Named named) {
        var s = named.statement();
        return new StatementView(s.account(), named.accountName(), s.subAccount(), s.period().name(), s.period().from(),
                s.period().to(), s.zone().getId(), Credits.decimal(s.opening()), Section.of(s.credits()),
                Section.of(s.usage()), Section.of(s.expired()), Section.of(s.other()), Credits.decimal(s.closing()),
                named.payments().stream().map(PaymentView::of).toList());
    }
}
