package io.tally.dashboard;

import java.math.BigDecimal;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.CurrentCaller;
import io.tally.auth.CurrentSession;
import io.tally.auth.Role;
import io.tally.dashboard.Views.Chrome;
import io.tally.platform.Refusal;

/** The frame every page shares ({@link Chrome}), and how the pages write figures. */
@Singleton
class Layout {
    private final AccountDirectory directory;
    private final CurrentCaller caller;
    private final CurrentSession session;

    Layout(AccountDirectory directory, CurrentCaller caller, CurrentSession session) {
        this.directory = directory;
        this.caller = caller;
        this.session = session;
    }

    /** Who is signed in (the account, the role, an office admin's offices), the session's CSRF token, the page. */
    Uni<Chrome> chrome(String active) {
        var who = caller.get();
        var csrf = session.get().csrf();
        return directory.profile(who.account()).map(found -> {
            var profile = found.orElseThrow(() -> Refusal.notFound("no account " + who.account()));
            var offices = who.role() == Role.OFFICE_ADMIN ? profile.subAccounts().values().stream()
                    .filter(sub -> who.subAccounts().contains(sub.id())).map(sub -> sub.name())
                    .sorted().collect(Collectors.joining(", ")) : "";
            return new Chrome(profile.account().name(), profile.account().id(), who.role().label(), offices,
                    csrf, active, Pages.HTMX, Pages.UPLOT_JS, Pages.UPLOT_CSS);
        });
    }

    /** Credits as plain decimal text ("" for none). */
    static String text(BigDecimal credits) {
        return credits == null ? "" : credits.stripTrailingZeros().toPlainString();
    }

    static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }

    /** An amount in minor units of a currency, as "12.50 EUR". */
    static String money(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            digits = 0;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + orEmpty(currency);
    }
}
