package io.tally.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pure, synchronous reference of the ledger: the same commands give the same outcomes, balances and events as
 * the Lua scripts ({@link RedisLedger}). The randomized test runs both side by side. Not thread-safe. Idempotency
 * records and settled holds never expire here (Redis drops them after the idempotency TTL).
 */
public final class LedgerModel {
    private final int partitions;
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Hold> holds = new HashMap<>();
    private final Map<Integer, TreeSet<Due>> deadlines = new HashMap<>();
    private final Map<Integer, TreeSet<Scheduled>> expiries = new HashMap<>();
    private final Map<Integer, TreeSet<Scheduled>> refreshes = new HashMap<>();
    private final Map<Integer, List<Map<String, String>>> events = new HashMap<>();
    private final Map<Integer, Map<String, Long>> recharges = new HashMap<>();

    public LedgerModel(int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        this.partitions = partitions;
    }

    public ReserveOutcome reserve(Reserve command) {
        var account = account(command.account());
        var stored = account.idempotency.get(command.idempotencyKey());
        if (stored != null) {
            return stored.matches("reserve", command.fingerprint())
                    ? replayed((ReserveOutcome.Reserved) stored.outcome)
                    : new ReserveOutcome.Conflict();
        }
        if (holds.containsKey(command.reservationId())) {
            return new ReserveOutcome.Conflict();
        }
        long pending = expireDue(command.account(), account, command.now(), command.eventId());
        var sub = command.sub();
        long amount = command.amount();
        var usable = BurnOrder.usable(live(account, command.now()), command.service(), command.category(), command.now(),
                command.burn());
        long lots = BurnOrder.total(usable);
        var budgets = Expiry.shadow(account.pool, sub.map(s -> account.allocation(s.id())).orElse(0L), pending);
        long pool = budgets[0];
        long allocation = budgets[1];
        boolean allocated = sub.filter(s -> s.mode() == SubAccountPolicy.Mode.ALLOCATED).isPresent();
        boolean fallback = allocated && sub.get().fallbackToPool();
        long budget = !allocated ? Math.max(pool, 0)
                : Math.max(allocation, 0) + (fallback ? Math.max(pool, 0) : 0);
        String spendField = sub.map(s -> spendKey(s.id(), command.month())).orElse(null);
        long spend = spendField == null ? 0 : account.spend.getOrDefault(spendField, 0L);
        var limit = sub.flatMap(s -> s.monthlyLimit().isPresent()
                ? Optional.of(s.monthlyLimit().getAsLong())
                : Optional.<Long> empty());
        long headroom = limit.map(l -> Math.max(l - spend, 0)).orElse(Long.MAX_VALUE);
        var accountLimit = command.accountLimit();
        long accountSpend = accountLimit.map(l -> account.periodSpend.getOrDefault(l.period(), 0L)).orElse(0L);
        if (accountLimit.isPresent()) {
            headroom = Math.min(headroom, Math.max(accountLimit.get().amount() - accountSpend, 0));
        }
        long available = Math.min(budget, Math.min(lots, headroom));
        if (limit.isPresent() && spend + amount > limit.get()) {
            return new ReserveOutcome.Insufficient(Limit.SPENDING_LIMIT, available);
        }
        if (accountLimit.isPresent() && accountSpend + amount > accountLimit.get().amount()) {
            return new ReserveOutcome.Insufficient(Limit.ACCOUNT_SPENDING_LIMIT, available);
        }
        if (allocated && !fallback && allocation < amount) {
            return new ReserveOutcome.Insufficient(Limit.ALLOCATION, available);
        }
        if (budget < amount || lots < amount) {
            return new ReserveOutcome.Insufficient(Limit.BALANCE, available);
        }
        var charges = BurnOrder.charge(usable, amount);
        charges.forEach(charge -> account.addToLot(charge.lotId(), -charge.amount()));
        long fromAllocation = allocated ? Math.min(amount, Math.max(allocation, 0)) : 0;
        long fromPool = amount - fromAllocation;
        account.pool -= fromPool;
        sub.ifPresent(s -> account.addAllocation(s.id(), -fromAllocation));
        account.held += amount;
        if (spendField != null) {
            account.spend.merge(spendField, amount, Long::sum);
        }
        var accountPeriod = accountLimit.map(AccountLimit::period).orElse("");
        account.addPeriodSpend(accountPeriod, amount);
        var hold = new Hold(command.account(), sub.map(SubAccountPolicy::id).orElse(""), command.service(), amount,
                charges, fromAllocation, fromPool, command.month(), command.deadline(), command.onExpiry(),
                command.detail(), command.now(), accountPeriod);
        holds.put(command.reservationId(), hold);
        int partition = partition(command.account());
        deadlines.computeIfAbsent(partition, p -> new TreeSet<>()).add(new Due(command.deadline(),
                command.reservationId()));
        emit(partition, event(command.eventId(), "reserve", command.account(), hold.sub, command.service().name(),
                amount, charges, command.now(), command.reservationId(), command.detail())
                .also("fromAlloc", fromAllocation).also("month", command.month())
                .also("deadline", command.deadline().toEpochMilli()).also("onExpiry", command.onExpiry().name()));
        rechargeCheck(command.account(), account, command.rechargeBelow(), command.eventId(), command.now());
        var reserved = new ReserveOutcome.Reserved(command.reservationId(), charges, available - amount,
                command.deadline(), false);
        account.idempotency.put(command.idempotencyKey(), new Stored("reserve", command.fingerprint(), reserved));
        return reserved;
    }

    public SettleOutcome settle(Settle command) {
        var hold = holds.get(command.reservationId());
        if (hold == null) {
            return new SettleOutcome.Unknown();
        }
        if (hold.state != HoldState.HELD) {
            return new SettleOutcome.Settled(command.reservationId(), hold.state, hold.committed, hold.released, true);
        }
        if (command.action() == Settle.SettleAction.EXPIRE && command.now().isBefore(hold.deadline)) {
            return new SettleOutcome.NotDue(hold.deadline);
        }
        long committed;
        HoldState state;
        switch (command.action()) {
            case COMMIT -> {
                committed = command.finalAmount().orElse(hold.amount);
                if (committed < 0 || committed > hold.amount) {
                    return new SettleOutcome.InvalidFinalAmount(hold.amount);
                }
                state = HoldState.COMMITTED;
            }
            case RELEASE -> {
                committed = 0;
                state = HoldState.RELEASED;
            }
            default -> {
                boolean commit = hold.onExpiry == ExpiredHoldAction.COMMIT;
                committed = commit ? hold.amount : 0;
                state = commit ? HoldState.EXPIRED_COMMITTED : HoldState.EXPIRED_RELEASED;
            }
        }
        var account = account(hold.account);
        long released = hold.amount - committed;
        var returned = giveBack(account, hold.charges, released);
        var kept = kept(hold.charges, returned);
        long toPool = Math.min(released, hold.fromPool);
        account.pool += toPool;
        if (!hold.sub.isEmpty()) {
            account.addAllocation(hold.sub, released - toPool);
            if (released != 0) {
                account.spend.merge(spendKey(hold.sub, hold.month), -released, Long::sum);
            }
        }
        account.addPeriodSpend(hold.accountPeriod, -released);
        account.held -= hold.amount;
        account.spent += committed;
        hold.state = state;
        hold.committed = committed;
        hold.released = released;
        int partition = partition(hold.account);
        deadlines.get(partition).remove(new Due(hold.deadline, command.reservationId()));
        var event = event(command.eventId(), command.action() == Settle.SettleAction.EXPIRE ? "expire"
                : state == HoldState.COMMITTED ? "commit" : "release", hold.account, hold.sub, hold.service.name(),
                hold.amount, kept, command.now(), command.reservationId(), hold.detail);
        emit(partition, event.also("committed", committed).also("released", released)
                .also("returned", Charges.format(returned)).also("toAlloc", released - toPool)
                .also("month", hold.month).also("reserved", hold.at.toEpochMilli()));
        afterReturn(hold.account, account, returned, command.now(), command.eventId());
        return new SettleOutcome.Settled(command.reservationId(), state, committed, released, false);
    }

    public MeterOutcome meter(Meter command) {
        var account = account(command.account());
        var stored = account.idempotency.get(command.idempotencyKey());
        if (stored != null) {
            return stored.matches("meter", command.fingerprint())
                    ? replayed((MeterOutcome.Metered) stored.outcome)
                    : new MeterOutcome.Conflict();
        }
        long pending = expireDue(command.account(), account, command.now(), command.eventId());
        long amount = command.amount();
        var usable = BurnOrder.usable(live(account, command.now()), command.service(), command.category(), command.now(),
                command.burn());
        var charges = BurnOrder.charge(usable, amount);
        charges.forEach(charge -> account.addToLot(charge.lotId(), -charge.amount()));
        long paid = charges.stream().mapToLong(Charge::amount).sum();
        long debtIncurred = amount - paid;
        account.debt += debtIncurred;
        account.spent += amount;
        var sub = command.sub();
        boolean allocated = sub.filter(s -> s.mode() == SubAccountPolicy.Mode.ALLOCATED).isPresent();
        long fromAllocation = 0;
        if (allocated) {
            long allocation = Expiry.shadow(account.pool, account.allocation(sub.get().id()), pending)[1];
            fromAllocation = sub.get().fallbackToPool() ? Math.min(amount, Math.max(allocation, 0)) : amount;
            account.addAllocation(sub.get().id(), -fromAllocation);
        }
        account.pool -= amount - fromAllocation;
        sub.ifPresent(s -> account.spend.merge(spendKey(s.id(), command.month()), amount, Long::sum));
        command.accountLimit().ifPresent(l -> account.addPeriodSpend(l.period(), amount));
        boolean overLimit = account.debt > command.overdraftLimit();
        int partition = partition(command.account());
        var event = event(command.eventId(), "meter", command.account(), sub.map(SubAccountPolicy::id).orElse(""),
                command.service().name(), amount, charges, command.now(), "", command.detail());
        emit(partition, event.also("debt", account.debt).also("debtIncurred", debtIncurred)
                .also("overLimit", overLimit ? "1" : "0").also("fromAlloc", fromAllocation)
                .also("month", command.month()));
        rechargeCheck(command.account(), account, command.rechargeBelow(), command.eventId(), command.now());
        var metered = new MeterOutcome.Metered(charges, debtIncurred, account.debt, overLimit, false);
        account.idempotency.put(command.idempotencyKey(), new Stored("meter", command.fingerprint(), metered));
        return metered;
    }

    public CreditOutcome grant(Grant command) {
        var account = account(command.account());
        var stored = account.idempotency.get(command.idempotencyKey());
        if (stored != null) {
            return stored.matches("grant", command.fingerprint())
                    ? replayed((CreditOutcome.Credited) stored.outcome)
                    : new CreditOutcome.Conflict();
        }
        var lot = command.lot();
        if (account.lots.containsKey(lot.id())) {
            return new CreditOutcome.Conflict();
        }
        long debtPaid = Math.min(account.debt, lot.granted());
        account.seq += 1;
        account.lots.put(lot.id(), lot.withRemaining(lot.granted() - debtPaid).withSeq(account.seq));
        if (lot.granted() > debtPaid) {
            schedule(command.account(), lot);
        }
        command.refreshAt().ifPresent(at -> {
            account.cycles.put(lot.id(), at.toEpochMilli());
            refreshes.computeIfAbsent(partition(command.account()), p -> new TreeSet<>())
                    .add(new Scheduled(at.toEpochMilli(), refreshMember(command.account(), lot)));
        });
        account.debt -= debtPaid;
        account.granted += lot.granted();
        var sub = command.allocateTo();
        if (sub.isPresent()) {
            account.pool += debtPaid;
            account.addAllocation(sub.get(), lot.granted() - debtPaid);
        } else {
            account.pool += lot.granted();
        }
        var event = event(command.eventId(), "grant", command.account(), sub.orElse(""), "", lot.granted(),
                List.of(), command.now(), "", command.detail());
        emit(partition(command.account()), event.also("lot", lot.id()).also("debtPaid", debtPaid)
                .also("meta", LotMeta.format(account.lots.get(lot.id()))));
        var credited = new CreditOutcome.Credited(account.pool,
                sub.map(account::allocation).orElse(0L), debtPaid, false);
        account.idempotency.put(command.idempotencyKey(), new Stored("grant", command.fingerprint(), credited));
        return credited;
    }

    public CreditOutcome allocate(Allocate command) {
        var account = account(command.account());
        var stored = account.idempotency.get(command.idempotencyKey());
        if (stored != null) {
            return stored.matches("allocate", command.fingerprint())
                    ? replayed((CreditOutcome.Credited) stored.outcome)
                    : new CreditOutcome.Conflict();
        }
        long pending = expireDue(command.account(), account, command.now(), command.eventId());
        long amount = command.amount();
        long allocation = account.allocation(command.subAccount());
        var live = Expiry.shadow(account.pool, allocation, pending);
        if (amount > 0 && live[0] < amount) {
            return new CreditOutcome.Insufficient(Limit.BALANCE, Math.max(live[0], 0));
        }
        if (amount < 0 && live[1] < -amount) {
            return new CreditOutcome.Insufficient(Limit.ALLOCATION, Math.max(live[1], 0));
        }
        account.pool -= amount;
        account.addAllocation(command.subAccount(), amount);
        emit(partition(command.account()), event(command.eventId(), amount > 0 ? "allocate" : "deallocate",
                command.account(), command.subAccount(), "", Math.abs(amount), List.of(), command.now(), "", ""));
        var credited = new CreditOutcome.Credited(account.pool, allocation + amount, 0, false);
        account.idempotency.put(command.idempotencyKey(), new Stored("allocate", command.fingerprint(), credited));
        return credited;
    }

    // Adjustments (docs/ledger.md "Adjustments"), as adjust.lua.

    /** Credits or debits the pool or a sub-account's allocation. */
    public AdjustOutcome adjust(Adjust command) {
        var account = account(command.account());
        var operation = command.credit() ? "credit" : "debit";
        var stored = account.idempotency.get(command.idempotencyKey());
        if (stored != null) {
            return stored.matches(operation, command.fingerprint())
                    ? replayed((AdjustOutcome.Adjusted) stored.outcome)
                    : new AdjustOutcome.Conflict();
        }
        var outcome = command.credit() ? adjustCredit(command, account) : adjustDebit(command, account);
        if (outcome instanceof AdjustOutcome.Adjusted adjusted) {
            account.idempotency.put(command.idempotencyKey(), new Stored(operation, command.fingerprint(), adjusted));
        }
        return outcome;
    }

    private AdjustOutcome adjustCredit(Adjust command, Account account) {
        var lot = command.lot();
        if (account.lots.containsKey(lot.id())) {
            return new AdjustOutcome.Conflict();
        }
        long amount = command.amount();
        long debtPaid = Math.min(account.debt, amount);
        account.seq += 1;
        account.lots.put(lot.id(), lot.withRemaining(amount - debtPaid).withSeq(account.seq));
        account.debt -= debtPaid;
        account.granted += amount;
        var sub = command.subAccount();
        if (sub.isPresent()) {
            account.pool += debtPaid;
            account.addAllocation(sub.get(), amount - debtPaid);
        } else {
            account.pool += amount;
        }
        emit(partition(command.account()), event(command.eventId(), "adjust-credit", command.account(),
                sub.orElse(""), "", amount, List.of(), command.now(), "", "")
                .also("lot", lot.id()).also("debtPaid", debtPaid)
                .also("meta", LotMeta.format(account.lots.get(lot.id())))
                .also("reason", command.reason()).also("by", command.by()));
        return new AdjustOutcome.Adjusted(amount, account.pool, sub.map(account::allocation).orElse(0L), debtPaid,
                false);
    }

    private AdjustOutcome adjustDebit(Adjust command, Account account) {
        long pending = expireDue(command.account(), account, command.now(), command.eventId());
        long amount = -command.amount();
        var sub = command.subAccount();
        var usable = live(account, command.now()).stream()
                .filter(lot -> lot.remaining() > 0)
                .filter(lot -> !command.now().isBefore(lot.effectiveFrom())
                        && lot.expiresAt().map(command.now()::isBefore).orElse(true))
                .sorted(BurnOrder.comparator(command.burn()))
                .toList();
        long lots = BurnOrder.total(usable);
        var budgets = Expiry.shadow(account.pool, sub.map(account::allocation).orElse(0L), pending);
        long budget = sub.isEmpty() ? budgets[0] : budgets[1];
        long available = Math.max(Math.min(budget, lots), 0);
        if (budget < amount) {
            return new AdjustOutcome.Insufficient(sub.isEmpty() ? Limit.BALANCE : Limit.ALLOCATION, available);
        }
        if (lots < amount) {
            return new AdjustOutcome.Insufficient(Limit.BALANCE, available);
        }
        var charges = BurnOrder.charge(usable, amount);
        charges.forEach(charge -> account.addToLot(charge.lotId(), -charge.amount()));
        if (sub.isEmpty()) {
            account.pool -= amount;
        } else {
            account.addAllocation(sub.get(), -amount);
        }
        account.granted -= amount;
        emit(partition(command.account()), event(command.eventId(), "adjust-debit", command.account(),
                sub.orElse(""), "", amount, charges, command.now(), "", "")
                .also("reason", command.reason()).also("by", command.by()));
        return new AdjustOutcome.Adjusted(amount, account.pool, sub.map(account::allocation).orElse(0L), 0, false);
    }

    /** Takes a lot's credits left off the books; the lot expires now (unless earlier) and stops refreshing. */
    public AdjustOutcome voidLot(VoidLot command) {
        var account = account(command.account());
        var stored = account.idempotency.get(command.idempotencyKey());
        if (stored != null) {
            return stored.matches("void", command.fingerprint())
                    ? replayed((AdjustOutcome.Adjusted) stored.outcome)
                    : new AdjustOutcome.Conflict();
        }
        var lot = account.lots.get(command.lotId());
        if (lot == null) {
            return new AdjustOutcome.Unknown();
        }
        long remaining = lot.remaining();
        var split = new Expiry.Split(0, new TreeMap<>());
        if (remaining > 0) {
            split = Expiry.split(remaining, account.pool, account.allocations);
            account.pool -= split.fromPool();
            split.fromAllocations().forEach((sub, taken) -> account.addAllocation(sub, -taken));
            account.granted -= remaining;
        }
        unschedule(command.account(), lot);
        var voided = lot.expiresAt().filter(at -> !at.isAfter(command.now())).isPresent()
                ? lot.withRemaining(0)
                : lot.withRemaining(0).withExpiry(command.now());
        account.lots.put(lot.id(), voided);
        account.cycles.remove(lot.id());
        emit(partition(command.account()), event(command.eventId(), "void-credits", command.account(), "", "",
                remaining, remaining > 0 ? List.of(new Charge(lot.id(), remaining)) : List.of(), command.now(), "",
                "").also("lot", lot.id()).also("fromPool", split.fromPool())
                .also("allocs", split.allocs()).also("meta", LotMeta.format(voided))
                .also("reason", command.reason()).also("by", command.by()));
        var adjusted = new AdjustOutcome.Adjusted(remaining, account.pool, 0, 0, false);
        account.idempotency.put(command.idempotencyKey(), new Stored("void", command.fingerprint(), adjusted));
        return adjusted;
    }

    private static AdjustOutcome replayed(AdjustOutcome.Adjusted first) {
        return new AdjustOutcome.Adjusted(first.amount(), first.pool(), first.allocation(), first.debtPaid(), true);
    }

    /** The account's balance; {@code monthSpend} is the sub-accounts' spend in {@code month}. */
    public Balance snapshot(String accountId, String month) {
        var account = accounts.get(accountId);
        if (account == null) {
            return new Balance(List.of(), 0, 0, 0, 0, 0, Map.of(), Map.of(), 0);
        }
        var monthSpend = new TreeMap<String, Long>();
        String suffix = ":" + month;
        account.spend.forEach((key, value) -> {
            if (key.endsWith(suffix)) {
                monthSpend.put(key.substring(0, key.length() - suffix.length()), value);
            }
        });
        var lots = account.lots.values().stream().sorted(Comparator.comparingLong(Lot::seq)).toList();
        return new Balance(lots, account.held, account.spent, account.granted, account.debt, account.pool,
                account.allocations, monthSpend, account.expired, account.spend, account.periodSpend);
    }

    /** Takes what is left of a lot past its expiry off the books (the sweeper's; docs/ledger.md "Expiry"). */
    public ExpireOutcome expire(ExpireCredits command) {
        var account = accounts.get(command.account());
        var lot = account == null ? null : account.lots.get(command.lotId());
        int partition = partition(command.account());
        var member = command.account() + ":" + command.lotId();
        if (lot == null || lot.expiresAt().isEmpty()) {
            expiries.getOrDefault(partition, new TreeSet<>()).removeIf(due -> due.member.equals(member));
            return new ExpireOutcome.Nothing();
        }
        var at = lot.expiresAt().get();
        if (command.now().isBefore(at)) {
            return new ExpireOutcome.NotDue(at);
        }
        if (lot.remaining() == 0) {
            unschedule(command.account(), lot);
            return new ExpireOutcome.Nothing();
        }
        long amount = lot.remaining();
        expireLot(command.account(), account, lot, command.now(), command.eventId());
        return new ExpireOutcome.Expired(amount);
    }

    /**
     * Moves the expiry of the account's unexpired package lots with credits left (but the bought one) to the
     * command's, in grant order, one {@code extend-expiry} event each (extend-expiry.lua).
     */
    public int extendExpiry(ExtendExpiry command) {
        var account = accounts.get(command.account());
        if (account == null) {
            return 0;
        }
        var target = command.expiresAt();
        var moving = account.lots.values().stream()
                .filter(lot -> !lot.id().equals(command.lotId()) && lot.kind() == LotKind.PACKAGE
                        && lot.remaining() > 0
                        && lot.expiresAt().filter(at -> command.now().isBefore(at) && at.isBefore(target)).isPresent())
                .sorted(Comparator.comparingLong(Lot::seq))
                .toList();
        for (var lot : moving) {
            unschedule(command.account(), lot);
            var moved = lot.withExpiry(target);
            account.lots.put(lot.id(), moved);
            schedule(command.account(), moved);
            emit(partition(command.account()), event(Expiry.eventId(command.eventId(), lot.id()), "extend-expiry",
                    command.account(), "", "", lot.remaining(), List.of(), command.now(), "", "")
                    .also("lot", lot.id())
                    .also("previous", lot.expiresAt().orElseThrow().toEpochMilli())
                    .also("meta", LotMeta.format(moved)));
        }
        return moving.size();
    }

    /** Up to {@code limit} lots of a partition's schedule whose expiry is at or before {@code now}, soonest first. */
    public List<ExpiringLot> dueExpiries(int partition, Instant now, int limit) {
        return expiries.getOrDefault(partition, new TreeSet<>()).stream()
                .takeWhile(due -> due.ms <= now.toEpochMilli())
                .limit(limit)
                .map(due -> ExpiringLot.parse(due.member))
                .toList();
    }

    /** Up to {@code limit} held reservations of a partition whose deadline is at or before {@code now}, soonest first. */
    public List<String> dueHolds(int partition, Instant now, int limit) {
        return deadlines.getOrDefault(partition, new TreeSet<>()).stream()
                .takeWhile(due -> !due.deadline.isAfter(now))
                .limit(limit)
                .map(Due::reservationId)
                .toList();
    }

    /**
     * Claims up to {@code limit} due recharges of a partition (by due time, then account id, as ZRANGEBYSCORE), each
     * due again after the lease; accounts whose recharge is no longer open leave the queue.
     */
    public List<DueRecharge> dueRecharges(int partition, Instant now, Duration lease, int limit) {
        var queue = recharges.getOrDefault(partition, new HashMap<>());
        var due = queue.entrySet().stream()
                .filter(entry -> entry.getValue() <= now.toEpochMilli())
                .sorted(Map.Entry.<String, Long> comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
        var claimed = new ArrayList<DueRecharge>();
        for (var accountId : due) {
            var open = openRecharge(accountId);
            if (open.isPresent()) {
                queue.put(accountId, now.toEpochMilli() + lease.toMillis());
                claimed.add(new DueRecharge(accountId, open.get()[1], Instant.ofEpochMilli(Long.parseLong(open.get()[2]))));
            } else {
                queue.remove(accountId);
            }
        }
        return claimed;
    }

    /** Ends the account's open recharge {@code rechargeId}; false when it is not the open one. */
    public boolean endRecharge(String accountId, String rechargeId, RechargeEnd end, Instant retryAt) {
        var open = openRecharge(accountId);
        if (open.isEmpty() || !open.get()[1].equals(rechargeId)) {
            return false;
        }
        var queue = recharges.computeIfAbsent(partition(accountId), p -> new HashMap<>());
        var account = account(accountId);
        switch (end) {
            case RETRY -> queue.put(accountId, retryAt.toEpochMilli());
            case FAILED -> {
                account.recharge = "FAILED|" + rechargeId + "|" + account.granted;
                queue.remove(accountId);
            }
            default -> {
                account.recharge = null;
                queue.remove(accountId);
            }
        }
        return true;
    }

    /** The account's recharge record as Redis holds it ({@code OPEN|id|ms} or {@code FAILED|id|granted}), if any. */
    public Optional<String> recharge(String accountId) {
        var account = accounts.get(accountId);
        return Optional.ofNullable(account == null ? null : account.recharge);
    }

    /** The partition's recharge queue: account id to due time (ms). */
    public Map<String, Long> rechargeQueue(int partition) {
        return Map.copyOf(recharges.getOrDefault(partition, Map.of()));
    }

    private Optional<String[]> openRecharge(String accountId) {
        return recharge(accountId).map(value -> value.split("\\|", -1)).filter(parts -> parts[0].equals("OPEN"));
    }

    /**
     * After a reserve or a meter: when the account's available credits (granted - spent - held - expired, the lots' remaining
     * less the debt) are below its threshold and no recharge is open, nor failed without a grant since, opens one
     * with the movement's event id, due now.
     */
    private void rechargeCheck(String accountId, Account account, OptionalLong threshold, String eventId,
            Instant now) {
        if (threshold.isEmpty() || account.granted - account.spent - account.held - account.expired >= threshold.getAsLong()) {
            return;
        }
        if (account.recharge != null) {
            var parts = account.recharge.split("\\|", -1);
            if (!parts[0].equals("FAILED") || account.granted <= Long.parseLong(parts[2])) {
                return;
            }
        }
        account.recharge = "OPEN|" + eventId + "|" + now.toEpochMilli();
        recharges.computeIfAbsent(partition(accountId), p -> new HashMap<>()).put(accountId, now.toEpochMilli());
    }

    /** The events emitted to a partition's stream, oldest first, as field maps. */
    public List<Map<String, String>> events(int partition) {
        return List.copyOf(events.getOrDefault(partition, List.of()));
    }

    /** How many events the partition's stream holds. */
    public int eventCount(int partition) {
        return events.getOrDefault(partition, List.of()).size();
    }

    /** The partition's events from position {@code from} on. */
    public List<Map<String, String>> events(int partition, int from) {
        var all = events.getOrDefault(partition, List.of());
        return List.copyOf(all.subList(Math.min(from, all.size()), all.size()));
    }

    public int partition(String accountId) {
        return Partitions.of(accountId, partitions);
    }

    /**
     * Expires the first {@link Expiry#CAP} lots of the account past their expiry at {@code now} with credits left, in
     * expiry order; returns the pending credits: those of the due lots left to the sweeper and of the lots past their
     * refresh boundary.
     */
    private long expireDue(String accountId, Account account, Instant now, String eventId) {
        var due = Expiry.due(account.lots.values(), now);
        long pending = 0;
        for (int i = 0; i < due.size(); i++) {
            var lot = due.get(i);
            if (i < Expiry.CAP) {
                expireLot(accountId, account, lot, now, Expiry.eventId(eventId, lot.id()));
            } else {
                pending += lot.remaining();
            }
        }
        for (var lot : account.lots.values()) {
            if (waitsForRefresh(account, lot, now)) {
                pending += lot.remaining();
            }
        }
        return pending;
    }

    /** Whether {@code lot} is past its refresh boundary (and not past its expiry): not usable until refreshed. */
    private static boolean waitsForRefresh(Account account, Lot lot, Instant now) {
        var cycle = account.cycles.get(lot.id());
        return lot.remaining() > 0 && lot.refresh().isPresent() && cycle != null && now.toEpochMilli() >= cycle
                && lot.expiresAt().map(now::isBefore).orElse(true);
    }

    /** The account's lots but those waiting for their refresh. */
    private static List<Lot> live(Account account, Instant now) {
        return account.lots.values().stream().filter(lot -> !waitsForRefresh(account, lot, now)).toList();
    }

    private static String refreshMember(String accountId, Lot lot) {
        return accountId + ":" + lot.id() + ":" + lot.refresh().orElseThrow().months();
    }

    /**
     * Renews a lot at one boundary of its refresh cycle (docs/ledger.md "Billing cycles and refresh"): what is left
     * expires (by {@link Expiry#split}) or rolls over by its rule, then its granted amount is granted again (paying
     * the debt first, as a grant does). Only the lot's next boundary is renewed, once.
     */
    public RefreshOutcome refresh(RefreshCredits command) {
        var account = accounts.get(command.account());
        var lot = account == null ? null : account.lots.get(command.lotId());
        Long due = account == null ? null : account.cycles.get(command.lotId());
        int partition = partition(command.account());
        var member = command.account() + ":" + command.lotId() + ":" + command.months();
        var schedule = refreshes.computeIfAbsent(partition, p -> new TreeSet<>());
        if (lot == null || due == null || lot.refresh().isEmpty()) {
            schedule.removeIf(entry -> entry.member.equals(member));
            return new RefreshOutcome.Nothing();
        }
        if (due != command.cycle().toEpochMilli()) {
            return new RefreshOutcome.NotThisCycle(Instant.ofEpochMilli(due));
        }
        if (command.now().isBefore(command.cycle())) {
            return new RefreshOutcome.NotDue(command.cycle());
        }
        if (lot.expiresAt().filter(at -> !command.cycle().isBefore(at)).isPresent()) {
            account.cycles.remove(lot.id());
            schedule.removeIf(entry -> entry.member.equals(member));
            return new RefreshOutcome.Nothing();
        }
        long remaining = lot.remaining();
        long kept = lot.refresh().get().kept(remaining);
        long expired = remaining - kept;
        var split = new Expiry.Split(0, new TreeMap<>());
        if (expired > 0) {
            split = Expiry.split(expired, account.pool, account.allocations);
            account.pool -= split.fromPool();
            split.fromAllocations().forEach((sub, taken) -> account.addAllocation(sub, -taken));
            account.expired += expired;
        }
        long amount = lot.granted();
        long debtPaid = Math.min(account.debt, amount);
        var renewed = lot.withRemaining(remaining - expired + amount - debtPaid);
        account.lots.put(lot.id(), renewed);
        account.debt -= debtPaid;
        account.granted += amount;
        account.pool += amount;
        account.cycles.put(lot.id(), command.next().toEpochMilli());
        schedule.removeIf(entry -> entry.member.equals(member));
        schedule.add(new Scheduled(command.next().toEpochMilli(), member));
        if (renewed.remaining() > 0) {
            schedule(command.account(), renewed);
        }
        emit(partition, event(command.eventId(), "refresh-credits", command.account(), "", "", amount, List.of(),
                command.now(), "", "").also("lot", lot.id()).also("expired", expired)
                .also("fromPool", split.fromPool()).also("allocs", split.allocs()).also("debtPaid", debtPaid)
                .also("cycle", command.cycle().toEpochMilli()).also("next", command.next().toEpochMilli()));
        return new RefreshOutcome.Refreshed(expired, kept, debtPaid);
    }

    /** Up to {@code limit} lots of a partition's schedule of refreshes due at or before {@code now}, soonest first. */
    public List<RefreshingLot> dueRefreshes(int partition, Instant now, int limit) {
        return refreshes.getOrDefault(partition, new TreeSet<>()).stream()
                .takeWhile(due -> due.ms <= now.toEpochMilli())
                .limit(limit)
                .map(due -> RefreshingLot.parse(due.member, due.ms))
                .toList();
    }

    /** The lot's next refresh boundary (ms), as Redis keeps it in {@code cycle:<lotId>}. */
    public Optional<Long> nextRefresh(String accountId, String lotId) {
        var account = accounts.get(accountId);
        return Optional.ofNullable(account == null ? null : account.cycles.get(lotId));
    }

    /**
     * After a release gave credits back: a lot past its expiry expires them at once; another one that expires is
     * scheduled again (its schedule entry may be gone with an earlier expiry or a sweep of the lot used up).
     */
    private void afterReturn(String accountId, Account account, List<Charge> returned, Instant now,
            String eventId) {
        var lots = returned.stream().map(Charge::lotId).distinct().map(account.lots::get).toList();
        var due = Expiry.due(lots, now);
        for (var lot : due) {
            expireLot(accountId, account, lot, now, Expiry.eventId(eventId, lot.id()));
        }
        lots.stream().filter(lot -> !due.contains(lot)).forEach(lot -> schedule(accountId, lot));
    }

    private void expireLot(String accountId, Account account, Lot lot, Instant now, String eventId) {
        long amount = lot.remaining();
        var split = Expiry.split(amount, account.pool, account.allocations);
        account.pool -= split.fromPool();
        split.fromAllocations().forEach((sub, taken) -> account.addAllocation(sub, -taken));
        account.addToLot(lot.id(), -amount);
        account.expired += amount;
        unschedule(accountId, lot);
        emit(partition(accountId), event(eventId, "expire-credits", accountId, "", "", amount,
                List.of(new Charge(lot.id(), amount)), now, "", "").also("lot", lot.id())
                .also("fromPool", split.fromPool()).also("allocs", split.allocs()));
    }

    private void schedule(String accountId, Lot lot) {
        lot.expiresAt().ifPresent(at -> expiries.computeIfAbsent(partition(accountId), p -> new TreeSet<>())
                .add(new Scheduled(at.toEpochMilli(), accountId + ":" + lot.id())));
    }

    private void unschedule(String accountId, Lot lot) {
        lot.expiresAt().ifPresent(at -> expiries.getOrDefault(partition(accountId), new TreeSet<>())
                .remove(new Scheduled(at.toEpochMilli(), accountId + ":" + lot.id())));
    }

    /** Gives {@code released} back to the lots last charged first; returns what each got, in that order. */
    private static List<Charge> giveBack(Account account, List<Charge> charges, long released) {
        var returned = new ArrayList<Charge>();
        long left = released;
        for (int i = charges.size() - 1; i >= 0 && left > 0; i--) {
            var charge = charges.get(i);
            long back = Math.min(left, charge.amount());
            if (back > 0) {
                account.addToLot(charge.lotId(), back);
                returned.add(new Charge(charge.lotId(), back));
            }
            left -= back;
        }
        return returned;
    }

    /** What stays charged of {@code charges} once {@code returned} went back (zero charges dropped). */
    private static List<Charge> kept(List<Charge> charges, List<Charge> returned) {
        var kept = new ArrayList<Charge>(charges);
        int i = kept.size() - 1;
        for (var back : returned) {
            while (!kept.get(i).lotId().equals(back.lotId())) {
                i--;
            }
            kept.set(i, new Charge(back.lotId(), kept.get(i).amount() - back.amount()));
        }
        kept.removeIf(charge -> charge.amount() == 0);
        return kept;
    }

    private static String spendKey(String sub, String month) {
        return sub + ":" + month;
    }

    private Account account(String id) {
        return accounts.computeIfAbsent(id, key -> new Account());
    }

    private void emit(int partition, Map<String, String> event) {
        events.computeIfAbsent(partition, p -> new ArrayList<>()).add(event);
    }

    private static Event event(String id, String type, String account, String sub, String service,
            long amount, List<Charge> charges, Instant now, String reservation, String detail) {
        var event = new Event();
        event.put("id", id);
        event.put("type", type);
        event.put("account", account);
        event.put("sub", sub);
        event.put("service", service);
        event.put("amount", Long.toString(amount));
        event.put("charges", Charges.format(charges));
        event.put("time", Long.toString(now.toEpochMilli()));
        event.put("reservation", reservation);
        event.put("detail", detail);
        return event;
    }

    private static ReserveOutcome replayed(ReserveOutcome.Reserved first) {
        return new ReserveOutcome.Reserved(first.reservationId(), first.charges(), first.available(),
                first.deadline(), true);
    }

    private static MeterOutcome replayed(MeterOutcome.Metered first) {
        return new MeterOutcome.Metered(first.charges(), first.debtIncurred(), first.debt(), first.overLimit(), true);
    }

    private static CreditOutcome replayed(CreditOutcome.Credited first) {
        return new CreditOutcome.Credited(first.pool(), first.allocation(), first.debtPaid(), true);
    }

    private static final class Account {
        final Map<String, Lot> lots = new LinkedHashMap<>();
        final Map<String, Long> allocations = new TreeMap<>();
        final Map<String, Long> spend = new HashMap<>();
        /** The spend of each period of the account's spending limit ({@code aspend:<label>}). */
        final Map<String, Long> periodSpend = new HashMap<>();
        final Map<String, Stored> idempotency = new HashMap<>();
        /** The next refresh boundary (ms) of each lot that refreshes ({@code cycle:<lotId>}). */
        final Map<String, Long> cycles = new HashMap<>();
        long granted;
        long expired;
        long spent;
        long held;
        long debt;
        long pool;
        long seq;
        String recharge;

        long allocation(String sub) {
            return allocations.getOrDefault(sub, 0L);
        }

        /** Like HINCRBY on {@code alloc:<sub>}: a zero change leaves an absent field absent. */
        void addAllocation(String sub, long delta) {
            if (delta != 0) {
                allocations.merge(sub, delta, Long::sum);
            }
        }

        /** Like HINCRBY on {@code aspend:<period>}; nothing without a period ('': the account has no limit). */
        void addPeriodSpend(String period, long delta) {
            if (!period.isEmpty() && delta != 0) {
                periodSpend.merge(period, delta, Long::sum);
            }
        }

        void addToLot(String id, long delta) {
            var lot = lots.get(id);
            lots.put(id, lot.withRemaining(lot.remaining() + delta));
        }
    }

    private static final class Hold {
        final String account;
        final String sub;
        final Service service;
        final long amount;
        final List<Charge> charges;
        final long fromAllocation;
        final long fromPool;
        final String month;
        final Instant deadline;
        final ExpiredHoldAction onExpiry;
        final String detail;
        final Instant at;
        /** The period of the account's spending limit the hold counts in ('' = none). */
        final String accountPeriod;
        HoldState state = HoldState.HELD;
        long committed;
        long released;

        Hold(String account, String sub, Service service, long amount, List<Charge> charges, long fromAllocation,
                long fromPool, String month, Instant deadline, ExpiredHoldAction onExpiry, String detail, Instant at,
                String accountPeriod) {
            this.account = account;
            this.sub = sub;
            this.service = service;
            this.amount = amount;
            this.charges = List.copyOf(charges);
            this.fromAllocation = fromAllocation;
            this.fromPool = fromPool;
            this.month = month;
            this.deadline = deadline;
            this.onExpiry = onExpiry;
            this.detail = detail;
            this.at = at;
            this.accountPeriod = accountPeriod;
        }
    }

    /** An event's fields in stream order. */
    private static final class Event extends LinkedHashMap<String, String> {
        private static final long serialVersionUID = 1L;

        Event also(String field, Object value) {
            put(field, String.valueOf(value));
            return this;
        }
    }

    private record Stored(String operation, String fingerprint, Object outcome) {
        boolean matches(String operation, String fingerprint) {
            return this.operation.equals(operation) && this.fingerprint.equals(fingerprint);
        }
    }

    /** An entry of a partition's schedule of expiries, ordered as the ZSET: by expiry (ms), then member. */
    private record Scheduled(long ms, String member) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(ms, other.ms);
            return byTime != 0 ? byTime : member.compareTo(other.member);
        }
    }

    private record Due(Instant deadline, String reservationId) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byDeadline = deadline.compareTo(other.deadline);
            return byDeadline != 0 ? byDeadline : reservationId.compareTo(other.reservationId);
        }

        Due {
            Objects.requireNonNull(deadline);
        }
    }
}
