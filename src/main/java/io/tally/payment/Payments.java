package io.tally.payment;

import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Caller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;
import io.tally.platform.Keyset;
import io.tally.platform.Refusal;

/**
 * The payment history of an account, newest first, as {@code GET /v1/accounts/{account}/payments} and the dashboard
 * answer it: every recharge and purchase, an office admin's narrowed to its offices' purchases.
 */
@Singleton
public class Payments {
    private final PaymentRepository payments;
    private final AccountDirectory directory;

    Payments(PaymentRepository payments, AccountDirectory directory) {
        this.payments = payments;
        this.directory = directory;
    }

    /** A page of at most {@code limit} payments (null: the default) after {@code cursor} (null: the newest). */
    public Uni<PaymentView.PageView> page(String account, String limit, String cursor, Caller who) {
        Scopes.requireAccount(who, account);
        var page = PaymentQuery.of(limit, cursor);
        var offices = who.role() == Role.OFFICE_ADMIN ? Optional.of(who.subAccounts()) : Optional.<Set<String>> empty();
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .chain(() -> payments.page(account, offices, page))
                .map(rows -> {
                    var items = rows.stream().limit(page.limit()).map(PaymentView::of).toList();
                    var next = rows.size() > page.limit()
                            ? new Keyset(rows.get(page.limit() - 1).createdAt(),
                                    rows.get(page.limit() - 1).id()).cursor()
                            : null;
                    return new PaymentView.PageView(items, next);
                });
    }
}
