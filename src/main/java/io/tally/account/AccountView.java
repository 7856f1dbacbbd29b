package io.tally.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.tally.platform.Labels;
import io.tally.pricing.Credits;

record AccountView(String id, String name, String timeZone, SegmentationView segmentation, LedgerView ledger,
        BillingCycleView billingCycle, SpendingLimitView spendingLimit, Instant createdAt) {
    /** The account's own spending limit (null: none): credits per period. */
    record SpendingLimitView(BigDecimal amount, String period) {
        static SpendingLimitView of(Account account) {
            return account.spendingLimit()
                    .map(limit -> new SpendingLimitView(Credits.decimal(limit.amount()), Labels.of(limit.period())))
                    .orElse(null);
        }
    }

    /** The billing cycle: its anchor (the account's creation unless set), period, and the months limits count. */
    record BillingCycleView(Instant anchor, String period, String limitMonths) {
        static BillingCycleView of(Account account) {
            var settings = account.cycleSettings();
            return new BillingCycleView(account.cycle().anchor(), Labels.of(settings.period()),
                    settings.billingMonths() ? "billing" : "calendar");
        }
    }

    record SegmentationView(boolean graphemeSafe, List<String> languages, boolean languagesByDestination) {
    }

    record LedgerView(List<String> kindOrder, String expiryOrder, BigDecimal overdraftLimit, long holdTimeoutSeconds,
            String expiredHolds, boolean extendExpiryOnPurchase, boolean adjustmentsByAdmins) {
        static LedgerView of(LedgerSettings settings) {
            return new LedgerView(settings.burn().kindOrder().stream().map(Labels::of).toList(),
                    Labels.of(settings.burn().expiryOrder()), Credits.decimal(settings.overdraftLimit()),
                    settings.holdTimeout().toSeconds(), Labels.of(settings.onExpiry()),
                    settings.extendExpiryOnPurchase(), settings.adjustmentsByAdmins());
        }
    }

    static AccountView of(Account account) {
        var settings = account.segmentation();
        var languages = settings.languages().stream().map(l -> l.name().toLowerCase()).sorted().toList();
        return new AccountView(account.id(), account.name(), account.timeZone().getId(),
                new SegmentationView(settings.graphemeSafe(), languages, settings.languagesByDestination()),
                LedgerView.of(account.ledger()), BillingCycleView.of(account), SpendingLimitView.of(account),
                account.createdAt());
    }
}
