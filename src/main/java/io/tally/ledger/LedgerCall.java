package io.tally.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One call of a ledger script, declared once: its KEYS and ARGV in order, each value next to the name the script's
 * header gives it ({@code -- KEYS[n] <key>}, {@code -- ARGV[n] <name>}), and the parse of its reply into the outcome.
 * {@code RedisLedger} sends {@link #keys()} and {@link #argv()} and maps the reply with {@link #parse}; a test holds
 * {@link #keyNames()} and {@link #argvNames()} against the headers, so an argument reordered or added in a script
 * and not here (or the reverse) fails the build.
 */
public interface LedgerCall<R> {
    /** The script's name: {@code lua/ledger/<script>.lua}. */
    String script();

    /** The partition all keys are in (its epoch is the last key). */
    int partition();

    List<Slot> keySlots();

    List<Slot> argvSlots();

    /** The outcome from the script's reply (as documented in its header). */
    R parse(List<String> reply);

    default List<String> keys() {
        return values(keySlots());
    }

    default List<String> argv() {
        return values(argvSlots());
    }

    /** The header names the keys fill, in KEYS order. */
    default List<String> keyNames() {
        return keySlots().stream().map(Slot::name).toList();
    }

    /** The header names the arguments fill, in ARGV order. */
    default List<String> argvNames() {
        return argvSlots().stream().map(Slot::name).toList();
    }

    /** One KEYS or ARGV entry: the name the script's header gives it, and the value sent. */
    record Slot(String name, String value) {
    }

    /** The slots' values, in order (a loop: this runs on every call). */
    private static List<String> values(List<Slot> slots) {
        var values = new String[slots.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = slots.get(i).value();
        }
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    private static Slot slot(String name, String value) {
        return new Slot(name, value);
    }

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    private static String kindOrder(BurnPolicy burn) {
        return burn.kindNames();
    }

    private static String sub(Optional<SubAccountPolicy> sub) {
        return sub.map(SubAccountPolicy::id).orElse("");
    }

    private static String mode(Optional<SubAccountPolicy> sub) {
        return sub.map(s -> s.mode().name()).orElse("");
    }

    private static String fallback(Optional<SubAccountPolicy> sub) {
        return sub.filter(SubAccountPolicy::fallbackToPool).isPresent() ? "1" : "0";
    }

    private static String optional(OptionalLong amount) {
        return amount.isPresent() ? Long.toString(amount.getAsLong()) : "";
    }

    private static IllegalStateException unexpected(String script, List<String> reply) {
        return new IllegalStateException("unexpected " + script + ".lua reply " + reply);
    }

    /** reserve.lua; with {@code legacy}, also the idempotency record of the layout before. */
    record ReserveCall(Reserve command, LedgerKeys layout, String idempotencyTtlMs, boolean legacy, boolean sortedIndex)
            implements
                LedgerCall<ReserveOutcome> {
        ReserveCall(Reserve command, LedgerKeys layout, String idempotencyTtlMs, boolean legacy) {
            this(command, layout, idempotencyTtlMs, legacy, true);
        }

        @Override
        public String script() {
            return "reserve";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        /** The partition computed once; the hold's is the account's, whose id its reservation id names. */
        @Override
        public List<Slot> keySlots() {
            int p = partition();
            var account = command.account();
            var keys = new Slot[] { slot("{pN}:acct:<id>", LedgerKeys.account(p, account)),
                    slot("{pN}:hold:<reservationId>", LedgerKeys.hold(p, command.reservationId())),
                    slot("{pN}:deadlines", LedgerKeys.deadlines(p)), slot("{pN}:events", LedgerKeys.events(p)),
                    slot("{pN}:acct:<id>:usable", LedgerKeys.usable(p, account)), slot("{pN}:epoch", LedgerKeys.epoch(p)) };
            if (!legacy) {
                return List.of(keys);
            }
            var withRecord = Arrays.copyOf(keys, keys.length + 1);
            withRecord[keys.length] = slot("{pN}:acct:<id>:idem:<key>",
                    LedgerKeys.idempotency(p, account, command.idempotencyKey()));
            return List.of(withRecord);
        }

        @Override
        public List<Slot> argvSlots() {
            var sub = command.sub();
            return List.of(slot("account", command.account()), slot("fingerprint", command.fingerprint()),
                    slot("reservation id", command.reservationId()), slot("event id", command.eventId()),
                    slot("sub", sub(sub)), slot("mode", mode(sub)), slot("fallback to pool", fallback(sub)),
                    slot("monthly limit", sub.isPresent() ? optional(sub.get().monthlyLimit()) : ""),
                    slot("service", command.service().name()),
                    slot("amount", Long.toString(command.amount())), slot("now_ms", millis(command.now())),
                    slot("deadline_ms", millis(command.deadline())), slot("month", command.month()),
                    slot("kind order", kindOrder(command.burn())), slot("expiry order", command.burn().expiryOrder().name()),
                    slot("on expiry", command.onExpiry().name()), slot("detail", command.detail()),
                    slot("idempotency TTL ms", idempotencyTtlMs),
                    slot("recharge threshold", optional(command.rechargeBelow())),
                    slot("category", command.category()), slot("sorted index", sortedIndex ? "1" : ""),
                    slot("account limit", command.accountLimit()
                            .map(l -> l.amount() + "@" + l.period()).orElse("")));
        }

        @Override
        public ReserveOutcome parse(List<String> r) {
            return switch (r.get(0)) {
                case "1", "2" -> new ReserveOutcome.Reserved(r.get(1), Charges.parse(r.get(2)),
                        Long.parseLong(r.get(3)), Instant.ofEpochMilli(Long.parseLong(r.get(4))), r.get(0).equals("2"));
                case "0" -> new ReserveOutcome.Insufficient(Limit.valueOf(r.get(1)), Long.parseLong(r.get(2)));
                case "3" -> new ReserveOutcome.Conflict();
                default -> throw unexpected(script(), r);
            };
        }
    }

    /** settle.lua, for a hold of {@code account} (from the reservation id). */
    record SettleCall(Settle command, String account, LedgerKeys layout, String idempotencyTtlMs)
            implements
                LedgerCall<SettleOutcome> {
        @Override
        public String script() {
            return "settle";
        }

        @Override
        public int partition() {
            return layout.partition(account);
        }

        /** {@code account} is the one the reservation id names, so the hold is in its partition. */
        @Override
        public List<Slot> keySlots() {
            int p = partition();
            return List.of(slot("{pN}:hold:<reservationId>", LedgerKeys.hold(p, command.reservationId())),
                    slot("{pN}:acct:<id>", LedgerKeys.account(p, account)),
                    slot("{pN}:deadlines", LedgerKeys.deadlines(p)), slot("{pN}:events", LedgerKeys.events(p)),
                    slot("{pN}:acct:<id>:usable", LedgerKeys.usable(p, account)), slot("{pN}:epoch", LedgerKeys.epoch(p)));
        }

        @Override
        public List<Slot> argvSlots() {
            return List.of(slot("reservation id", command.reservationId()), slot("action", command.action().name()),
                    slot("final amount",
                            command.finalAmount().isPresent() ? Long.toString(command.finalAmount().getAsLong()) : ""),
                    slot("event id", command.eventId()), slot("now_ms", millis(command.now())),
                    slot("how long a settled hold is kept", idempotencyTtlMs),
                    slot("detail members", command.detailMembers()));
        }

        @Override
        public SettleOutcome parse(List<String> r) {
            return outcome(command.reservationId(), r);
        }

        /**
         * The outcome from settle.lua's reply, or from the same reply inside another script's that settled the hold
         * {@code reservationId} with the ledger's settle ({@code settle_hold} in lua/ledger/_lib.lua).
         */
        public static SettleOutcome outcome(String reservationId, List<String> r) {
            return switch (r.get(0)) {
                case "1", "2" -> new SettleOutcome.Settled(reservationId, HoldState.valueOf(r.get(1)),
                        Long.parseLong(r.get(2)), Long.parseLong(r.get(3)), r.get(0).equals("2"));
                case "0" -> new SettleOutcome.Unknown();
                case "4" -> new SettleOutcome.InvalidFinalAmount(Long.parseLong(r.get(1)));
                case "5" -> new SettleOutcome.NotDue(Instant.ofEpochMilli(Long.parseLong(r.get(1))));
                default -> throw unexpected("settle", r);
            };
        }
    }

    /** meter.lua. */
    record MeterCall(Meter command, LedgerKeys layout, String idempotencyTtlMs, boolean sortedIndex)
            implements
                LedgerCall<MeterOutcome> {
        MeterCall(Meter command, LedgerKeys layout, String idempotencyTtlMs) {
            this(command, layout, idempotencyTtlMs, true);
        }

        @Override
        public String script() {
            return "meter";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        @Override
        public List<Slot> keySlots() {
            return creditKeys(layout, command.account(), command.idempotencyKey());
        }

        @Override
        public List<Slot> argvSlots() {
            var sub = command.sub();
            return List.of(slot("account", command.account()), slot("fingerprint", command.fingerprint()),
                    slot("event id", command.eventId()), slot("sub", sub(sub)), slot("mode", mode(sub)),
                    slot("fallback to pool", fallback(sub)), slot("service", command.service().name()),
                    slot("amount", Long.toString(command.amount())), slot("now_ms", millis(command.now())),
                    slot("month", command.month()), slot("kind order", kindOrder(command.burn())),
                    slot("expiry order", command.burn().expiryOrder().name()),
                    slot("overdraft limit", Long.toString(command.overdraftLimit())), slot("detail", command.detail()),
                    slot("idempotency TTL ms", idempotencyTtlMs),
                    slot("recharge threshold", optional(command.rechargeBelow())),
                    slot("category", command.category()), slot("sorted index", sortedIndex ? "1" : ""),
                    slot("account period", command.accountLimit().map(AccountLimit::period).orElse("")));
        }

        @Override
        public MeterOutcome parse(List<String> r) {
            return switch (r.get(0)) {
                case "1", "2" -> new MeterOutcome.Metered(Charges.parse(r.get(1)), Long.parseLong(r.get(2)),
                        Long.parseLong(r.get(3)), r.get(4).equals("1"), r.get(0).equals("2"));
                case "3" -> new MeterOutcome.Conflict();
                default -> throw unexpected(script(), r);
            };
        }
    }

    /** credit.lua, operation grant. */
    record GrantCall(Grant command, LedgerKeys layout, String idempotencyTtlMs) implements LedgerCall<CreditOutcome> {
        @Override
        public String script() {
            return "credit";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        @Override
        public List<Slot> keySlots() {
            return creditKeys(layout, command.account(), command.idempotencyKey());
        }

        @Override
        public List<Slot> argvSlots() {
            var lot = command.lot();
            var args = new ArrayList<>(
                    creditArgs("grant", command.account(), command.fingerprint(), command.eventId(), command.now(),
                            idempotencyTtlMs));
            args.addAll(List.of(slot("lot id", lot.id()), slot("granted", Long.toString(lot.granted())),
                    slot("kind", lot.kind().name()), slot("services", LotMeta.services(lot)),
                    slot("priority", lot.priority().isPresent() ? Integer.toString(lot.priority().getAsInt()) : ""),
                    slot("from_ms", millis(lot.effectiveFrom())),
                    slot("expires_ms", lot.expiresAt().map(LedgerCall::millis).orElse("")),
                    slot("refresh period", lot.refresh().map(Refresh::period).orElse("")),
                    slot("refresh rollover", lot.refresh().map(Refresh::rollover).orElse("")),
                    slot("detail", command.detail()),
                    slot("refresh_ms", command.refreshAt().map(LedgerCall::millis).orElse("")),
                    slot("refresh months", command.refreshAt().isPresent()
                            ? Integer.toString(lot.refresh().orElseThrow().months())
                            : ""),
                    slot("sub", command.allocateTo().orElse(""))));
            return List.copyOf(args);
        }

        @Override
        public CreditOutcome parse(List<String> r) {
            return creditOutcome(r);
        }
    }

    /** credit.lua, operation allocate. */
    record AllocateCall(Allocate command, LedgerKeys layout, String idempotencyTtlMs) implements LedgerCall<CreditOutcome> {
        @Override
        public String script() {
            return "credit";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        @Override
        public List<Slot> keySlots() {
            return creditKeys(layout, command.account(), command.idempotencyKey());
        }

        @Override
        public List<Slot> argvSlots() {
            var args = new ArrayList<>(
                    creditArgs("allocate", command.account(), command.fingerprint(), command.eventId(), command.now(),
                            idempotencyTtlMs));
            args.addAll(List.of(slot("sub", command.subAccount()), slot("amount", Long.toString(command.amount()))));
            return List.copyOf(args);
        }

        @Override
        public CreditOutcome parse(List<String> r) {
            return creditOutcome(r);
        }
    }

    /** adjust.lua, operation credit or debit. */
    record AdjustCall(Adjust command, LedgerKeys layout, String idempotencyTtlMs, boolean sortedIndex)
            implements
                LedgerCall<AdjustOutcome> {
        AdjustCall(Adjust command, LedgerKeys layout, String idempotencyTtlMs) {
            this(command, layout, idempotencyTtlMs, true);
        }

        @Override
        public String script() {
            return "adjust";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        @Override
        public List<Slot> keySlots() {
            return creditKeys(layout, command.account(), command.idempotencyKey());
        }

        @Override
        public List<Slot> argvSlots() {
            var args = new ArrayList<>(creditArgs(command.credit() ? "credit" : "debit", command.account(),
                    command.fingerprint(), command.eventId(), command.now(), idempotencyTtlMs));
            args.addAll(List.of(slot("sub", command.subAccount().orElse("")),
                    slot("amount", Long.toString(Math.abs(command.amount()))),
                    slot("lot id", command.credit() ? command.lotId() : ""),
                    slot("kind order", kindOrder(command.burn())),
                    slot("expiry order", command.burn().expiryOrder().name()), slot("reason", command.reason()),
                    slot("by", command.by()), slot("sorted index", sortedIndex ? "1" : "")));
            return List.copyOf(args);
        }

        @Override
        public AdjustOutcome parse(List<String> r) {
            return adjustOutcome(script(), r);
        }
    }

    /** adjust.lua, operation void. */
    record VoidCall(VoidLot command, LedgerKeys layout, String idempotencyTtlMs) implements LedgerCall<AdjustOutcome> {
        @Override
        public String script() {
            return "adjust";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        @Override
        public List<Slot> keySlots() {
            return creditKeys(layout, command.account(), command.idempotencyKey());
        }

        @Override
        public List<Slot> argvSlots() {
            var args = new ArrayList<>(creditArgs("void", command.account(), command.fingerprint(), command.eventId(),
                    command.now(), idempotencyTtlMs));
            args.addAll(List.of(slot("sub", ""), slot("amount", ""), slot("lot id", command.lotId()),
                    slot("kind order", ""), slot("expiry order", ""), slot("reason", command.reason()),
                    slot("by", command.by()), slot("sorted index", "")));
            return List.copyOf(args);
        }

        @Override
        public AdjustOutcome parse(List<String> r) {
            return adjustOutcome(script(), r);
        }
    }

    private static AdjustOutcome adjustOutcome(String script, List<String> r) {
        return switch (r.get(0)) {
            case "1", "2" -> new AdjustOutcome.Adjusted(Long.parseLong(r.get(1)), Long.parseLong(r.get(2)),
                    Long.parseLong(r.get(3)), Long.parseLong(r.get(4)), r.get(0).equals("2"));
            case "0" -> new AdjustOutcome.Insufficient(Limit.valueOf(r.get(1)), Long.parseLong(r.get(2)));
            case "3" -> new AdjustOutcome.Conflict();
            case "4" -> new AdjustOutcome.Unknown();
            default -> throw unexpected(script, r);
        };
    }

    /** expire.lua: one lot's remaining credits off the books, once it is past its expiry. */
    record ExpireCall(ExpireCredits command, LedgerKeys layout) implements LedgerCall<ExpireOutcome> {
        @Override
        public String script() {
            return "expire";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        @Override
        public List<Slot> keySlots() {
            int p = partition();
            return List.of(slot("{pN}:acct:<id>", layout.account(command.account())),
                    slot("{pN}:expiries", LedgerKeys.expiries(p)), slot("{pN}:events", LedgerKeys.events(p)),
                    slot("{pN}:acct:<id>:usable", layout.usable(command.account())),
                    slot("{pN}:epoch", LedgerKeys.epoch(p)));
        }

        @Override
        public List<Slot> argvSlots() {
            return List.of(slot("account", command.account()), slot("lot id", command.lotId()),
                    slot("event id", command.eventId()), slot("now_ms", millis(command.now())));
        }

        @Override
        public ExpireOutcome parse(List<String> r) {
            return switch (r.get(0)) {
                case "1" -> new ExpireOutcome.Expired(Long.parseLong(r.get(1)));
                case "2" -> new ExpireOutcome.Nothing();
                case "5" -> new ExpireOutcome.NotDue(Instant.ofEpochMilli(Long.parseLong(r.get(1))));
                default -> throw unexpected(script(), r);
            };
        }
    }

    /** refresh.lua: one lot renewed at one boundary of its refresh cycle. */
    record RefreshCall(RefreshCredits command, LedgerKeys layout) implements LedgerCall<RefreshOutcome> {
        @Override
        public String script() {
            return "refresh";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        @Override
        public List<Slot> keySlots() {
            int p = partition();
            return List.of(slot("{pN}:acct:<id>", layout.account(command.account())),
                    slot("{pN}:refreshes", LedgerKeys.refreshes(p)), slot("{pN}:events", LedgerKeys.events(p)),
                    slot("{pN}:acct:<id>:usable", layout.usable(command.account())),
                    slot("{pN}:epoch", LedgerKeys.epoch(p)));
        }

        @Override
        public List<Slot> argvSlots() {
            return List.of(slot("account", command.account()), slot("lot id", command.lotId()),
                    slot("event id", command.eventId()), slot("now_ms", millis(command.now())),
                    slot("cycle_ms", millis(command.cycle())), slot("next_ms", millis(command.next())),
                    slot("months", Integer.toString(command.months())));
        }

        @Override
        public RefreshOutcome parse(List<String> r) {
            return switch (r.get(0)) {
                case "1" -> new RefreshOutcome.Refreshed(Long.parseLong(r.get(1)), Long.parseLong(r.get(2)),
                        Long.parseLong(r.get(3)));
                case "2" -> new RefreshOutcome.Nothing();
                case "4" -> new RefreshOutcome.NotThisCycle(Instant.ofEpochMilli(Long.parseLong(r.get(1))));
                case "5" -> new RefreshOutcome.NotDue(Instant.ofEpochMilli(Long.parseLong(r.get(1))));
                default -> throw unexpected(script(), r);
            };
        }
    }

    /** extend-expiry.lua: the account's unexpired package lots move to a purchase's expiry. */
    record ExtendExpiryCall(ExtendExpiry command, LedgerKeys layout) implements LedgerCall<Integer> {
        @Override
        public String script() {
            return "extend-expiry";
        }

        @Override
        public int partition() {
            return layout.partition(command.account());
        }

        @Override
        public List<Slot> keySlots() {
            int p = partition();
            return List.of(slot("{pN}:acct:<id>", layout.account(command.account())),
                    slot("{pN}:expiries", LedgerKeys.expiries(p)), slot("{pN}:events", LedgerKeys.events(p)),
                    slot("{pN}:acct:<id>:usable", layout.usable(command.account())),
                    slot("{pN}:epoch", LedgerKeys.epoch(p)));
        }

        @Override
        public List<Slot> argvSlots() {
            return List.of(slot("account", command.account()), slot("lot id", command.lotId()),
                    slot("expires_ms", millis(command.expiresAt())), slot("event id", command.eventId()),
                    slot("now_ms", millis(command.now())));
        }

        @Override
        public Integer parse(List<String> r) {
            if (!r.get(0).equals("1")) {
                throw unexpected(script(), r);
            }
            return Integer.valueOf(r.get(1));
        }
    }

    /** balance.lua: the account hash, with {@code monthSpend} for {@code month}. */
    record BalanceCall(String account, String month, LedgerKeys layout) implements LedgerCall<Balance> {
        @Override
        public String script() {
            return "balance";
        }

        @Override
        public int partition() {
            return layout.partition(account);
        }

        @Override
        public List<Slot> keySlots() {
            return List.of(slot("{pN}:acct:<id>", layout.account(account)),
                    slot("{pN}:epoch", LedgerKeys.epoch(partition())));
        }

        @Override
        public List<Slot> argvSlots() {
            return List.of();
        }

        @Override
        public Balance parse(List<String> hash) {
            return balance(hash, month);
        }

        /** The Balance from the account hash's fields (flat: field, value, ...); see the table in docs/ledger.md. */
        static Balance balance(List<String> hash, String month) {
            var totals = new HashMap<String, Long>();
            var allocations = new HashMap<String, Long>();
            var monthSpend = new HashMap<String, Long>();
            var metas = new HashMap<String, String>();
            var remaining = new HashMap<String, Long>();
            var spendSuffix = ":" + month;
            var periodSpend = new HashMap<String, Long>();
            var accountSpend = new HashMap<String, Long>();
            for (int i = 0; i < hash.size(); i += 2) {
                var field = hash.get(i);
                var value = hash.get(i + 1);
                if (field.startsWith("lot:")) {
                    remaining.put(field.substring(4), Long.parseLong(value));
                } else if (field.startsWith("cycle:")) {
                    continue;
                } else if (field.startsWith("meta:")) {
                    metas.put(field.substring(5), value);
                } else if (field.startsWith("alloc:")) {
                    allocations.put(field.substring(6), Long.parseLong(value));
                } else if (field.startsWith("aspend:")) {
                    accountSpend.put(field.substring(7), Long.parseLong(value));
                } else if (field.startsWith("spend:")) {
                    periodSpend.put(field.substring(6), Long.parseLong(value));
                    if (field.endsWith(spendSuffix)) {
                        monthSpend.put(field.substring(6, field.length() - spendSuffix.length()),
                                Long.parseLong(value));
                    }
                } else {
                    totals.put(field, Long.parseLong(value));
                }
            }
            var lots = new ArrayList<Lot>();
            metas.forEach((id, meta) -> lots.add(LotMeta.parse(id, meta, remaining.getOrDefault(id, 0L))));
            lots.sort((a, b) -> Long.compare(a.seq(), b.seq()));
            return new Balance(lots, totals.getOrDefault("held", 0L), totals.getOrDefault("spent", 0L),
                    totals.getOrDefault("granted", 0L), totals.getOrDefault("debt", 0L),
                    totals.getOrDefault("pool", 0L), allocations, monthSpend, totals.getOrDefault("expired", 0L),
                    periodSpend, accountSpend);
        }
    }

    /** recharge-due.lua: claims up to {@code limit} due recharges of a partition for {@code lease}. */
    record RechargeDueCall(int partition, Instant now, long leaseMs, int limit)
            implements
                LedgerCall<List<DueRecharge>> {
        @Override
        public String script() {
            return "recharge-due";
        }

        @Override
        public List<Slot> keySlots() {
            return List.of(slot("{pN}:recharges", LedgerKeys.recharges(partition)));
        }

        @Override
        public List<Slot> argvSlots() {
            return List.of(slot("now_ms", millis(now)), slot("lease ms", Long.toString(leaseMs)),
                    slot("limit", Integer.toString(limit)));
        }

        @Override
        public List<DueRecharge> parse(List<String> r) {
            var due = new ArrayList<DueRecharge>();
            for (int i = 0; i + 2 < r.size(); i += 3) {
                due.add(new DueRecharge(r.get(i), r.get(i + 1), Instant.ofEpochMilli(Long.parseLong(r.get(i + 2)))));
            }
            return List.copyOf(due);
        }
    }

    /** recharge-end.lua: ends (or puts off) the account's open recharge {@code rechargeId}. */
    record RechargeEndCall(String account, String rechargeId, RechargeEnd end, Instant retryAt, Instant now,
            long credits, String reason, LedgerKeys layout)
            implements
                LedgerCall<Boolean> {
        @Override
        public String script() {
            return "recharge-end";
        }

        @Override
        public int partition() {
            return layout.partition(account);
        }

        @Override
        public List<Slot> keySlots() {
            return List.of(slot("{pN}:acct:<id>:recharge", layout.recharge(account)),
                    slot("{pN}:recharges", LedgerKeys.recharges(partition())),
                    slot("{pN}:acct:<id>", layout.account(account)));
        }

        @Override
        public List<Slot> argvSlots() {
            return List.of(slot("account", account), slot("recharge id", rechargeId), slot("outcome", end.name()),
                    slot("retry_ms", millis(retryAt)), slot("now_ms", millis(now)),
                    slot("credits", credits > 0 ? Long.toString(credits) : ""), slot("reason", reason));
        }

        @Override
        public Boolean parse(List<String> r) {
            return switch (r.get(0)) {
                case "1" -> true;
                case "0" -> false;
                default -> throw unexpected(script(), r);
            };
        }
    }

    /** expiring.lua: the account's credits-expiring alerts due now. */
    record ExpiringCall(String account, String eventId, Instant now, LedgerKeys layout) implements LedgerCall<Integer> {
        @Override
        public String script() {
            return "expiring";
        }

        @Override
        public int partition() {
            return layout.partition(account);
        }

        @Override
        public List<Slot> keySlots() {
            int p = partition();
            return List.of(slot("{pN}:acct:<id>", layout.account(account)),
                    slot("{pN}:alerts:expiring", LedgerKeys.expiringAlerts(p)), slot("{pN}:epoch", LedgerKeys.epoch(p)));
        }

        @Override
        public List<Slot> argvSlots() {
            return List.of(slot("account", account), slot("event id", eventId), slot("now_ms", millis(now)));
        }

        @Override
        public Integer parse(List<String> r) {
            return switch (r.get(0)) {
                case "1" -> Integer.parseInt(r.get(1));
                case "0" -> -1;
                default -> throw unexpected(script(), r);
            };
        }
    }

    /** The keys of meter.lua and credit.lua (the same five). */
    private static List<Slot> creditKeys(LedgerKeys layout, String account, String idempotencyKey) {
        int p = layout.partition(account);
        return List.of(slot("{pN}:acct:<id>", LedgerKeys.account(p, account)),
                slot("{pN}:acct:<id>:idem:<key>", LedgerKeys.idempotency(p, account, idempotencyKey)),
                slot("{pN}:events", LedgerKeys.events(p)), slot("{pN}:acct:<id>:usable", LedgerKeys.usable(p, account)),
                slot("{pN}:epoch", LedgerKeys.epoch(p)));
    }

    /** ARGV[1..6] of credit.lua, the same for both operations. */
    private static List<Slot> creditArgs(String operation, String account, String fingerprint, String eventId,
            Instant now, String idempotencyTtlMs) {
        return List.of(slot("operation", operation), slot("account", account), slot("fingerprint", fingerprint),
                slot("event id", eventId), slot("now_ms", millis(now)), slot("idempotency TTL ms", idempotencyTtlMs));
    }

    private static CreditOutcome creditOutcome(List<String> r) {
        return switch (r.get(0)) {
            case "1", "2" -> new CreditOutcome.Credited(Long.parseLong(r.get(1)), Long.parseLong(r.get(2)),
                    Long.parseLong(r.get(3)), r.get(0).equals("2"));
            case "0" -> new CreditOutcome.Insufficient(Limit.valueOf(r.get(1)), Long.parseLong(r.get(2)));
            case "3" -> new CreditOutcome.Conflict();
            default -> throw unexpected("credit", r);
        };
    }
}
