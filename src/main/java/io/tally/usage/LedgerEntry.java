package io.tally.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tally.platform.JsonObject;

/**
 * A row of {@code ledger_entries}: one ledger event and its effect on the account's Redis hash ({@code *Delta}), so
 * that summing an account's entries recomputes its balance (docs/usage.md "Ledger entries").
 */
public record LedgerEntry(String eventId, Instant occurredAt, String accountId, String subAccount, String type,
        String service, long amount, String reservationId, String lotId, List<String> lotIds, List<Long> lotDeltas,
        long poolDelta, long allocDelta, long heldDelta, long spentDelta, long debtDelta, long grantedDelta,
        long spendDelta, String spendMonth, Long committed, Long released, Long debtAfter, Boolean overLimit,
        Map<String, String> extra, String streamId, List<String> allocSubs, List<Long> allocDeltas) {

    /** The columns the writer fills, in table order: the one place that pairs a column with its value. */
    public static final Columns<LedgerEntry> COLUMNS = Columns.of(c -> c
            .text("event_id", LedgerEntry::eventId)
            .time("occurred_at", LedgerEntry::occurredAt)
            .text("account_id", LedgerEntry::accountId)
            .text("sub_account", LedgerEntry::subAccount)
            .text("type", LedgerEntry::type)
            .text("service", LedgerEntry::service)
            .bigint("amount", LedgerEntry::amount)
            .text("reservation_id", LedgerEntry::reservationId)
            .text("lot_id", LedgerEntry::lotId)
            .textList("lot_ids", LedgerEntry::lotIds)
            .bigintList("lot_deltas", LedgerEntry::lotDeltas)
            .bigint("pool_delta", LedgerEntry::poolDelta)
            .bigint("alloc_delta", LedgerEntry::allocDelta)
            .bigint("held_delta", LedgerEntry::heldDelta)
            .bigint("spent_delta", LedgerEntry::spentDelta)
            .bigint("debt_delta", LedgerEntry::debtDelta)
            .bigint("granted_delta", LedgerEntry::grantedDelta)
            .bigint("spend_delta", LedgerEntry::spendDelta)
            .text("spend_month", LedgerEntry::spendMonth)
            .bigint("committed", LedgerEntry::committed)
            .bigint("released", LedgerEntry::released)
            .bigint("debt_after", LedgerEntry::debtAfter)
            .bool("over_limit", LedgerEntry::overLimit)
            .json("extra", entry -> json(entry.extra()))
            .text("stream_id", LedgerEntry::streamId)
            .textList("alloc_subs", LedgerEntry::allocSubs)
            .bigintList("alloc_deltas", LedgerEntry::allocDeltas));

    public LedgerEntry {
        lotIds = List.copyOf(lotIds);
        lotDeltas = List.copyOf(lotDeltas);
        extra = Map.copyOf(extra);
        allocSubs = List.copyOf(allocSubs);
        allocDeltas = List.copyOf(allocDeltas);
    }

    /** The entry of {@code event}; an event type this code does not know is an {@link IllegalArgumentException}. */
    public static LedgerEntry of(LedgerEvent event) {
        var b = new Builder(event);
        long amount = event.amount();
        switch (event.type()) {
            case "reserve" -> {
                long fromAlloc = event.number("fromAlloc");
                b.lots(event.lots("charges"), -1).pool(-(amount - fromAlloc)).alloc(-fromAlloc).held(amount)
                        .spend(amount).extra("deadline", "onExpiry");
            }
            case "commit", "release", "expire" -> {
                long released = event.number("released");
                long toAlloc = event.number("toAlloc");
                b.lots(event.lots("returned"), 1).pool(released - toAlloc).alloc(toAlloc).held(-amount)
                        .spent(event.number("committed")).spend(-released).extra("reserved");
                b.committed = event.number("committed");
                b.released = released;
            }
            case "meter" -> {
                long fromAlloc = event.number("fromAlloc");
                b.lots(event.lots("charges"), -1).pool(-(amount - fromAlloc)).alloc(-fromAlloc).spent(amount)
                        .spend(amount);
                b.debt = event.number("debtIncurred");
                b.debtAfter = event.number("debt");
                b.overLimit = "1".equals(event.text("overLimit"));
            }
            case "grant" -> {
                long paid = event.number("debtPaid");
                // a grant to a sub-account (an office's purchase) adds what it does not pay of the debt to its
                // allocation; the pool gets the debt paid back
                boolean toSub = event.optional("sub") != null;
                b.lots(List.of(new LedgerEvent.LotAmount(event.text("lot"), amount - paid)), 1)
                        .pool(toSub ? paid : amount).alloc(toSub ? amount - paid : 0).extra("meta", "debtPaid");
                b.debt = -paid;
                b.granted = amount;
            }
            case "expire-credits" -> {
                b.lots(event.lots("charges"), -1).pool(-event.number("fromPool")).extra("lot");
                for (var taken : event.lots("allocs")) {
                    b.allocSubs.add(taken.lotId());
                    b.allocDeltas.add(-taken.amount());
                }
            }
            case "refresh-credits" -> {
                long expired = event.number("expired");
                long paid = event.number("debtPaid");
                b.lots(List.of(new LedgerEvent.LotAmount(event.text("lot"), amount - paid - expired)), 1)
                        .pool(amount - event.number("fromPool")).extra("expired", "debtPaid", "cycle", "next");
                for (var taken : event.lots("allocs")) {
                    b.allocSubs.add(taken.lotId());
                    b.allocDeltas.add(-taken.amount());
                }
                b.debt = -paid;
                b.granted = amount;
            }
            case "extend-expiry" -> b.extra("previous", "meta");
            case "adjust-credit" -> {
                long paid = event.number("debtPaid");
                // as a grant: to a sub-account, what does not pay the debt goes to its allocation
                boolean toSub = event.optional("sub") != null;
                b.lots(List.of(new LedgerEvent.LotAmount(event.text("lot"), amount - paid)), 1)
                        .pool(toSub ? paid : amount).alloc(toSub ? amount - paid : 0)
                        .extra("meta", "debtPaid", "reason", "by");
                b.debt = -paid;
                b.granted = amount;
            }
            case "adjust-debit" -> {
                boolean fromSub = event.optional("sub") != null;
                b.lots(event.lots("charges"), -1).pool(fromSub ? 0 : -amount).alloc(fromSub ? -amount : 0)
                        .extra("reason", "by");
                b.granted = -amount;
            }
            case "void-credits" -> {
                b.lots(event.lots("charges"), -1).pool(-event.number("fromPool")).extra("meta", "reason", "by");
                for (var taken : event.lots("allocs")) {
                    b.allocSubs.add(taken.lotId());
                    b.allocDeltas.add(-taken.amount());
                }
                b.granted = -amount;
            }
            case "allocate" -> b.pool(-amount).alloc(amount);
            case "deallocate" -> b.pool(amount).alloc(-amount);
            default -> throw new IllegalArgumentException("event " + event.streamId() + " has an unknown type: "
                    + event.type());
        }
        return b.build();
    }

    /** A flat string map as a JSON object. */
    static String json(Map<String, String> fields) {
        var json = new JsonObject();
        fields.forEach(json::put);
        return json.toString();
    }

    private static final class Builder {
        private final LedgerEvent event;
        private final List<String> lotIds = new ArrayList<>();
        private final List<Long> lotDeltas = new ArrayList<>();
        private final Map<String, String> extra = new LinkedHashMap<>();
        /** The allocations of several sub-accounts an expiry took from (sub_account names one sub only). */
        private final List<String> allocSubs = new ArrayList<>();
        private final List<Long> allocDeltas = new ArrayList<>();
        private long pool;
        private long alloc;
        private long held;
        private long spent;
        private long debt;
        private long granted;
        private long spend;
        private Long committed;
        private Long released;
        private Long debtAfter;
        private Boolean overLimit;

        Builder(LedgerEvent event) {
            this.event = event;
        }

        Builder lots(List<LedgerEvent.LotAmount> lots, int sign) {
            for (var lot : lots) {
                lotIds.add(lot.lotId());
                lotDeltas.add(sign * lot.amount());
            }
            return this;
        }

        Builder pool(long delta) {
            pool = delta;
            return this;
        }

        Builder alloc(long delta) {
            alloc = delta;
            return this;
        }

        Builder held(long delta) {
            held = delta;
            return this;
        }

        Builder spent(long delta) {
            spent = delta;
            return this;
        }

        /** The month spend moves only for sub-accounts (the hash keeps no spend for the account itself). */
        Builder spend(long delta) {
            spend = event.optional("sub") == null ? 0 : delta;
            return this;
        }

        Builder extra(String... fields) {
            for (var field : fields) {
                if (event.optional(field) != null) {
                    extra.put(field, event.text(field));
                }
            }
            return this;
        }

        LedgerEntry build() {
            var sub = event.optional("sub");
            return new LedgerEntry(event.id(), event.time(), event.account(), sub, event.type(),
                    event.optional("service"), event.amount(), event.optional("reservation"),
                    event.optional("lot"), lotIds, lotDeltas, pool, sub == null ? 0 : alloc, held, spent, debt,
                    granted, spend, spend == 0 ? null : event.optional("month"), committed, released, debtAfter,
                    overLimit, extra, event.streamId(), allocSubs, allocDeltas);
        }
    }
}
