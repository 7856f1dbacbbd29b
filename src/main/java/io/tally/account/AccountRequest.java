package io.tally.account;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import io.tally.ledger.BillingCycle;
import io.tally.ledger.BurnPolicy;
import io.tally.ledger.ExpiredHoldAction;
import io.tally.ledger.ExpiryOrder;
import io.tally.ledger.LimitPeriod;
import io.tally.ledger.LotKind;
import io.tally.platform.Fields;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.pricing.CreditAmount;
import io.tally.pricing.Credits;
import io.tally.segmentation.LanguageNames;

/**
 * The body of account creation and of account updates (absent fields stay as they are; {@code spendingLimit: null}
 * removes the account's limit).
 */
record AccountRequest(String id, String name, String timeZone, SegmentationBody segmentation, LedgerBody ledger,
        BillingCycleBody billingCycle, SpendingLimitBody spendingLimit) {
    private static final int MAX_NAME = 200;

    /**
     * The account's own spending limit (company admins and operators): {@code amount} in credits per {@code period}
     * ("day", "week": ISO weeks from Monday, "month": the months the account's limits count), in its time zone.
     */
    record SpendingLimitBody(String amount, String period) {
        /** What {@code "spendingLimit": null} reads as ({@code SpendingLimitJson}): the limit goes. */
        static final SpendingLimitBody REMOVE = new SpendingLimitBody(null, null);
    }

    record SegmentationBody(Boolean graphemeSafe, List<String> languages, Boolean languagesByDestination) {
    }

    /**
     * The billing cycle (company admins and operators): {@code anchor} (an instant), {@code period} ("monthly",
     * "yearly"), {@code limitMonths} ("calendar", "billing": what a sub-account's monthly spending limit counts).
     */
    record BillingCycleBody(String anchor, String period, String limitMonths) {
    }

    /** What a sub-account's monthly spending limit counts. */
    enum LimitMonths {
        CALENDAR,
        BILLING
    }

    /**
     * The account's billing terms, which only operators set: {@code burnPreset} ("plan-first",
     * "subscription-first") or an explicit {@code kindOrder}; {@code expiryOrder} ("soonest-expiry-first",
     * "non-expiring-first"); {@code holdTimeoutSeconds}; {@code expiredHolds} ("release", "commit");
     * {@code overdraftLimit}: how far below zero metered (inbound) use may go before it is flagged;
     * {@code extendExpiryOnPurchase}: a package bought pushes the expiry of the unexpired package credits to its own;
     * {@code adjustmentsByAdmins}: the account's company admins may make adjustments too.
     */
    record LedgerBody(String burnPreset, List<String> kindOrder, String expiryOrder, CreditAmount overdraftLimit,
            Integer holdTimeoutSeconds, String expiredHolds, Boolean extendExpiryOnPurchase,
            Boolean adjustmentsByAdmins) {

        /** The first field given, by its path ({@code ledger} itself when the object is empty). */
        String firstField() {
            var values = new Object[] { burnPreset, kindOrder, expiryOrder, overdraftLimit, holdTimeoutSeconds,
                    expiredHolds, extendExpiryOnPurchase, adjustmentsByAdmins };
            var names = new String[] { "burnPreset", "kindOrder", "expiryOrder", "overdraftLimit",
                    "holdTimeoutSeconds", "expiredHolds", "extendExpiryOnPurchase", "adjustmentsByAdmins" };
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    return "ledger." + names[i];
                }
            }
            return "ledger";
        }
    }

    /** The billing term this request sets, if any: the field to name when the caller may not set it. */
    Optional<String> billingTerm() {
        return ledger == null ? Optional.empty() : Optional.of(ledger.firstField());
    }

    Account toNewAccount(String generatedId, Instant now) {
        var accountId = id == null ? generatedId : Fields.id("id", id);
        var zone = timeZone == null ? ZoneId.of("UTC") : zone();
        return new Account(accountId, Fields.text("name", name, MAX_NAME), zone,
                settings(SegmentationSettings.DEFAULT), ledger(LedgerSettings.DEFAULT), now,
                cycle(CycleSettings.DEFAULT), limit(Optional.empty()));
    }

    Account applyTo(Account account) {
        if (id != null && !id.equals(account.id())) {
            throw Refusal.invalid("id", "id: an account's id cannot change");
        }
        return new Account(account.id(), name == null ? account.name() : Fields.text("name", name, MAX_NAME),
                timeZone == null ? account.timeZone() : zone(), settings(account.segmentation()),
                ledger(account.ledger()), account.createdAt(), cycle(account.cycleSettings()),
                limit(account.spendingLimit()));
    }

    /** Absent: as it is; null ({@link SpendingLimitBody#REMOVE}): none; else {@code {amount, period}}. */
    private Optional<SpendingLimit> limit(Optional<SpendingLimit> current) {
        if (spendingLimit == null) {
            return current;
        }
        if (spendingLimit == SpendingLimitBody.REMOVE) {
            return Optional.empty();
        }
        var body = spendingLimit;
        if (body.amount() == null) {
            throw Refusal.invalid("spendingLimit.amount", "spendingLimit.amount: required, in credits");
        }
        var parsed = Credits.parse(body.amount());
        if (parsed instanceof Credits.Parsed.Invalid invalid) {
            throw Refusal.invalid("spendingLimit.amount", "spendingLimit.amount: " + invalid.reason());
        }
        var period = body.period() == null
                ? current.map(SpendingLimit::period).orElse(LimitPeriod.MONTH)
                : Labels.parse("spendingLimit.period", body.period(), LimitPeriod.class);
        return Optional.of(new SpendingLimit(((Credits.Parsed.Valid) parsed).micros(), period));
    }

    private CycleSettings cycle(CycleSettings current) {
        if (billingCycle == null) {
            return current;
        }
        var anchor = current.anchor();
        if (billingCycle.anchor() != null) {
            try {
                anchor = Optional.of(Instant.parse(billingCycle.anchor()));
            } catch (DateTimeException e) {
                throw Refusal.invalid("billingCycle.anchor",
                        "billingCycle.anchor: an instant such as 2026-01-31T00:00:00Z");
            }
        }
        var period = billingCycle.period() == null
                ? current.period()
                : Labels.parse("billingCycle.period", billingCycle.period(), BillingCycle.Period.class);
        boolean billingMonths = billingCycle.limitMonths() == null
                ? current.billingMonths()
                : Labels.parse("billingCycle.limitMonths", billingCycle.limitMonths(),
                        LimitMonths.class) == LimitMonths.BILLING;
        return new CycleSettings(anchor, period, billingMonths);
    }

    private ZoneId zone() {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw Refusal.invalid("timeZone", "timeZone: not an IANA time zone such as Europe/Rome");
        }
    }

    private SegmentationSettings settings(SegmentationSettings current) {
        if (segmentation == null) {
            return current;
        }
        return new SegmentationSettings(
                segmentation.graphemeSafe() == null ? current.graphemeSafe() : segmentation.graphemeSafe(),
                segmentation.languages() == null ? current.languages()
                        : LanguageNames.parse("segmentation.languages", segmentation.languages()),
                segmentation.languagesByDestination() == null
                        ? current.languagesByDestination()
                        : segmentation.languagesByDestination());
    }

    private LedgerSettings ledger(LedgerSettings current) {
        if (ledger == null) {
            return current;
        }
        long overdraft = ledger.overdraftLimit() == null ? current.overdraftLimit() : ledger.overdraftLimit().micros();
        return new LedgerSettings(burn(current.burn()), overdraft, holdTimeout(current.holdTimeout()),
                ledger.expiredHolds() == null
                        ? current.onExpiry()
                        : Labels.parse("ledger.expiredHolds", ledger.expiredHolds(), ExpiredHoldAction.class),
                ledger.extendExpiryOnPurchase() == null
                        ? current.extendExpiryOnPurchase()
                        : ledger.extendExpiryOnPurchase(),
                ledger.adjustmentsByAdmins() == null
                        ? current.adjustmentsByAdmins()
                        : ledger.adjustmentsByAdmins());
    }

    private BurnPolicy burn(BurnPolicy current) {
        if (ledger.burnPreset() != null && ledger.kindOrder() != null) {
            throw Refusal.invalid("ledger.kindOrder", "ledger.kindOrder: give a burnPreset or a kindOrder");
        }
        var order = current.kindOrder();
        if (ledger.burnPreset() != null) {
            order = switch (Labels.parse("ledger.burnPreset", ledger.burnPreset(), BurnPreset.class)) {
                case PLAN_FIRST -> BurnPolicy.PLAN_FIRST.kindOrder();
                case SUBSCRIPTION_FIRST -> BurnPolicy.SUBSCRIPTION_FIRST.kindOrder();
            };
        } else if (ledger.kindOrder() != null) {
            order = kindOrder(ledger.kindOrder());
        }
        var expiry = ledger.expiryOrder() == null
                ? current.expiryOrder()
                : Labels.parse("ledger.expiryOrder", ledger.expiryOrder(), ExpiryOrder.class);
        return new BurnPolicy(order, expiry);
    }

    /** Kinds listed first burn first; kinds left out burn after them, in the default order. */
    private static List<LotKind> kindOrder(List<String> labels) {
        var order = new LinkedHashSet<LotKind>();
        for (int i = 0; i < labels.size(); i++) {
            order.add(Labels.parse("ledger.kindOrder[" + i + "]", labels.get(i), LotKind.class));
        }
        order.addAll(BurnPolicy.PLAN_FIRST.kindOrder());
        return List.copyOf(order);
    }

    private Duration holdTimeout(Duration current) {
        if (ledger.holdTimeoutSeconds() == null) {
            return current;
        }
        var timeout = Duration.ofSeconds(ledger.holdTimeoutSeconds());
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(LedgerSettings.MAX_HOLD) > 0) {
            throw Refusal.invalid("ledger.holdTimeoutSeconds",
                    "ledger.holdTimeoutSeconds: from 1 to " + LedgerSettings.MAX_HOLD.toSeconds());
        }
        return timeout;
    }

    private enum BurnPreset {
        PLAN_FIRST,
        SUBSCRIPTION_FIRST
    }
}
