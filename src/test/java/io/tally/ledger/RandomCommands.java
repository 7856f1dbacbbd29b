package io.tally.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

/**
 * Random ledger commands for the side-by-side test: every kind of movement, sub-accounts of every mode, retries
 * (same body and other body), settles of open, settled and unknown holds, lots of every shape (a quarter of them
 * refreshing by every rollover rule, a sixth granted to an allocated sub-account as an office's purchase), expiry
 * extensions of package lots (as a purchase with extendExpiryOnPurchase), and a clock that only moves forward (it crosses a
 * month boundary during a long
 * run, and now and then jumps as after a downtime). Refresh cycles are {@link #CYCLE} long, from {@link #START}: short,
 * so that a run crosses many (the calendar of real cycles is BillingCycleTest's).
 */
final class RandomCommands {
    static final Instant START = Instant.parse("2026-03-31T21:00:00Z");
    static final Duration CYCLE = Duration.ofMinutes(10);
    private static final List<String> ROLLOVERS = List.of("NONE", "ALL", "CAPPED:5000", "CAPPED:0");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final List<Optional<SubAccountPolicy>> SUBS = List.of(
            Optional.empty(),
            Optional.empty(),
            Optional.of(SubAccountPolicy.shared("sh")),
            Optional.of(new SubAccountPolicy("lim", SubAccountPolicy.Mode.SHARED, false, OptionalLong.of(40_000))),
            Optional.of(new SubAccountPolicy("al", SubAccountPolicy.Mode.ALLOCATED, false, OptionalLong.empty())),
            Optional.of(new SubAccountPolicy("fb", SubAccountPolicy.Mode.ALLOCATED, true, OptionalLong.of(60_000))),
            // a limit per day: its spend is counted by the day's label (the month argument names the period)
            Optional.of(new SubAccountPolicy("day", SubAccountPolicy.Mode.SHARED, false, OptionalLong.of(9_000))));
    /** The sub-account whose limit counts days. */
    static final String DAILY = "day";
    private static final List<java.time.ZoneId> ZONES = List.of(ZoneOffset.UTC, java.time.ZoneId.of("Europe/Rome"),
            java.time.ZoneId.of("America/New_York"));
    private static final List<BurnPolicy> POLICIES = List.of(BurnPolicy.PLAN_FIRST, BurnPolicy.SUBSCRIPTION_FIRST,
            BurnPolicy.PLAN_FIRST.with(ExpiryOrder.NON_EXPIRING_FIRST),
            new BurnPolicy(List.of(LotKind.PROMOTIONAL, LotKind.UNIVERSAL), ExpiryOrder.SOONEST_EXPIRY_FIRST));

    private final Random random;
    private final Map<String, List<String>> reservations = new HashMap<>();
    private final Map<String, List<Object>> history = new HashMap<>();
    /** Each account's last package lot granted. */
    private final Map<String, String> packages = new HashMap<>();
    private Instant now = START;
    private long counter;

    RandomCommands(Random random) {
        this.random = random;
    }

    Instant now() {
        return now;
    }

    /** Moves the clock forward by 0-4 s; one step in 400 by 15-45 minutes (a downtime: cycles and expiries missed). */
    void tick() {
        now = now.plusMillis(random.nextInt(400) == 0 ? 900_000 + random.nextInt(1_800_000) : random.nextInt(4_000));
    }

    /** The refresh boundary after {@code at}: the next multiple of {@link #CYCLE} from {@link #START}. */
    static Instant nextBoundary(Instant at) {
        long cycle = CYCLE.toMillis();
        long since = at.toEpochMilli() - START.toEpochMilli();
        return START.plusMillis((Math.floorDiv(since, cycle) + 1) * cycle);
    }

    /** The renewal of a due lot at {@code due}. */
    RefreshCredits refresh(RefreshingLot lot, Instant due) {
        return new RefreshCredits(lot.account(), lot.lotId(), lot.months(), id("e"), due, nextBoundary(due), now);
    }

    /**
     * One command for the account: a Reserve, Settle, Meter, Grant, ExtendExpiry (as a purchase with
     * extendExpiryOnPurchase does after its grant: the bought lot is the account's last package), Allocate, or an
     * adjustment (Adjust, VoidLot).
     */
    Object next(String account) {
        int dice = random.nextInt(100);
        var past = history.computeIfAbsent(account, a -> new ArrayList<>());
        if (dice < 6 && !past.isEmpty()) {
            return retry(past.get(random.nextInt(past.size())));
        }
        Object command;
        if (dice < 43) {
            command = reserve(account);
        } else if (dice < 71) {
            return settle(account);
        } else if (dice < 86) {
            command = meter(account);
        } else if (dice < 91) {
            command = grant(account);
        } else if (dice < 93) {
            return extendExpiry(account);
        } else if (dice < 97) {
            command = allocate(account);
        } else {
            command = adjustment(account);
        }
        remember(account, command);
        past.add(command);
        if (past.size() > 50) {
            past.remove(0);
        }
        return command;
    }

    ExpireCredits expire(ExpiringLot lot) {
        return new ExpireCredits(lot.account(), lot.lotId(), id("e"), now);
    }

    /** An auto-recharge threshold, or none: most accounts that cross one open a recharge. */
    private OptionalLong threshold() {
        int dice = random.nextInt(4);
        return dice == 0 ? OptionalLong.empty() : OptionalLong.of(dice * 15_000L);
    }

    /** What a recharge worker does with a claimed recharge. */
    RechargeEnd rechargeEnd() {
        return RechargeEnd.values()[random.nextInt(RechargeEnd.values().length)];
    }

    Settle expire(String reservationId) {
        return Settle.expire(reservationId, id("e"), now);
    }

    private Reserve reserve(String account) {
        var reserve = plainReserve(account);
        return reserve.withCategory(useCategory(reserve.service()));
    }

    private Reserve plainReserve(String account) {
        var key = id("k");
        reservations.computeIfAbsent(account, a -> new ArrayList<>()).add(LedgerKeys.reservationIdFor(account, key));
        var sub = sub();
        return new Reserve(account, key, "fp-" + key, id("e"), sub, service(), amount(3_000), now,
                now.plusMillis(1 + random.nextInt(30_000)), period(sub), pick(POLICIES),
                random.nextBoolean() ? ExpiredHoldAction.RELEASE : ExpiredHoldAction.COMMIT, "{\"k\":\"" + key + "\"}")
                .withRechargeBelow(threshold()).withAccountLimit(accountLimit(account));
    }

    private Settle settle(String account) {
        var holds = reservations.getOrDefault(account, List.of());
        if (holds.isEmpty() || random.nextInt(50) == 0) {
            return Settle.release(LedgerKeys.reservationId(account, "never" + random.nextInt(3)), id("e"), now);
        }
        // mostly recent holds, so most settles find them open
        int index = Math.max(0, holds.size() - 1 - random.nextInt(Math.min(holds.size(), 8)));
        var reservationId = holds.get(index);
        int dice = random.nextInt(100);
        if (dice < 35) {
            return Settle.commit(reservationId, id("e"), now);
        } else if (dice < 60) {
            return Settle.commit(reservationId, random.nextInt(3_100), id("e"), now);
        } else if (dice < 90) {
            return Settle.release(reservationId, id("e"), now);
        }
        return Settle.expire(reservationId, id("e"), now);
    }

    private Meter meter(String account) {
        var meter = plainMeter(account);
        return meter.withCategory(useCategory(meter.service()));
    }

    private Meter plainMeter(String account) {
        if (random.nextInt(8) == 0) {
            return fee(account);
        }
        var key = id("k");
        var sub = sub();
        return new Meter(account, key, "fp-" + key, id("e"), sub, service(), amount(1_500), now, period(sub),
                pick(POLICIES), random.nextInt(3) * 5_000L, "{}").withRechargeBelow(threshold())
                .withAccountLimit(accountLimit(account));
    }

    /**
     * A recurring fee's charge as Fees sends it: a meter keyed {@code fee#<fee>#<period start>}, the same key and
     * fingerprint for every charge of that period (so a second one is a replay), never refused, counted in the
     * account limit's period.
     */
    private Meter fee(String account) {
        var fee = random.nextBoolean() ? "rent" : "numbers";
        var period = nextBoundary(now).minus(CYCLE).toEpochMilli();
        var key = "fee#" + fee + "#" + period;
        var sub = fee.equals("rent") ? Optional.<SubAccountPolicy> empty() : SUBS.get(3);
        return new Meter(account, key, "fp-" + account + "-" + key, id("e"), sub, Service.SMS,
                fee.equals("rent") ? 1_200 : 400, now, period(sub), BurnPolicy.PLAN_FIRST, 0, "{\"fee\":\"" + fee
                        + "\"}")
                .withAccountLimit(accountLimit(account));
    }

    /**
     * The account's spending limit, if it has one: a quarter of the accounts none, the others a limit per day, ISO
     * week or month in one of three zones, with the label of the period holding now on a calendar that runs
     * {@link #LIMIT_SPEED} times as fast as the clock (a run's clock moves about an hour: on the fast calendar it
     * crosses many days, several weeks and a month or two, and holds settle in a later period than they were taken in).
     * The ledger takes labels as names only; LimitPeriodTest has the calendar itself.
     */
    static Optional<AccountLimit> accountLimit(String account, Instant at) {
        int kind = Math.floorMod(account.hashCode() / 4, 4);
        var zone = ZONES.get(Math.floorMod(account.hashCode() / 16, ZONES.size()));
        var fast = START.plusMillis((at.toEpochMilli() - START.toEpochMilli()) * LIMIT_SPEED);
        return switch (kind) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(new AccountLimit(14_000, LimitPeriod.DAY.label(fast, zone, month(fast))));
            case 2 -> Optional.of(new AccountLimit(45_000, LimitPeriod.WEEK.label(fast, zone, month(fast))));
            default -> Optional.of(new AccountLimit(70_000, LimitPeriod.MONTH.label(fast, zone,
                    MONTH.withZone(zone).format(fast))));
        };
    }

    /** How much faster than the clock the calendar of account limits runs (a day every 5 minutes). */
    static final long LIMIT_SPEED = 288;

    private Optional<AccountLimit> accountLimit(String account) {
        return accountLimit(account, now);
    }

    /** The label of the sub-account's limit period: the day for {@link #DAILY}, else the month. */
    private String period(Optional<SubAccountPolicy> sub) {
        return sub.filter(s -> s.id().equals(DAILY)).isPresent() ? LimitPeriod.DAY.label(now, ZoneOffset.UTC, month())
                : month();
    }

    private Grant grant(String account) {
        var key = id("k");
        var kind = LotKind.values()[random.nextInt(LotKind.values().length)];
        Set<Service> services = random.nextInt(3) == 0
                ? new HashSet<>(List.of(service(), service()))
                : Set.of();
        var priority = random.nextInt(5) == 0 ? OptionalInt.of(random.nextInt(9) - 1) : OptionalInt.empty();
        var from = random.nextInt(6) == 0 ? now.plusSeconds(random.nextInt(600)) : now.minusSeconds(60);
        var expires = random.nextInt(3) == 0
                ? Optional.of(now.plusSeconds(30 + random.nextInt(3_600)))
                : Optional.<Instant> empty();
        var refresh = random.nextInt(4) == 0
                ? Optional.of(new Refresh("P1M", pick(ROLLOVERS)))
                : Optional.<Refresh> empty();
        // a quarter of the accounts live on small grants: their budgets run short, where pending credits matter
        long granted = lean(account) ? 300 + random.nextInt(3_000) : 2_000 + random.nextInt(70_000);
        var lot = new Lot(id("lot"), kind, withCategories(services), priority, from, expires, granted, granted, 0,
                refresh);
        // most refreshing lots are scheduled; some only store their rule (as grants from before cycles)
        var refreshAt = refresh.isPresent() && random.nextInt(8) != 0
                ? Optional.of(nextBoundary(from))
                : Optional.<Instant> empty();
        if (kind == LotKind.PACKAGE) {
            packages.put(account, lot.id());
        }
        // one in six is an office's purchase: the grant allocates to the sub-account in its own movement
        var office = random.nextInt(6) == 0
                ? Optional.of(random.nextBoolean() ? "al" : "fb")
                : Optional.<String> empty();
        return new Grant(account, key, "fp-" + key, id("e"), lot, now, "{}", refreshAt, office);
    }

    private ExtendExpiry extendExpiry(String account) {
        var bought = packages.getOrDefault(account, "lot0");
        return new ExtendExpiry(account, bought, now.plusSeconds(60 + random.nextInt(7_200)), id("e"), now);
    }

    private static boolean lean(String account) {
        return Math.floorMod(account.hashCode(), 4) == 0;
    }

    private Allocate allocate(String account) {
        var key = id("k");
        long amount = random.nextInt(8_000) - 3_000;
        return new Allocate(account, key, "fp-" + key, id("e"), random.nextBoolean() ? "al" : "fb",
                amount == 0 ? 1 : amount, now);
    }

    /** The same command again, or (1 in 3) the same key with another body. */
    private Object retry(Object command) {
        boolean other = random.nextInt(3) == 0;
        String fingerprint = "other";
        if (command instanceof Reserve c) {
            return other ? new Reserve(c.account(), c.idempotencyKey(), fingerprint, c.reservationId(), c.eventId(),
                    c.sub(), c.service(), c.amount(), c.now(), c.deadline(), c.month(), c.burn(), c.onExpiry(),
                    c.detail()).withAccountLimit(c.accountLimit()) : c;
        } else if (command instanceof Meter c) {
            return other ? new Meter(c.account(), c.idempotencyKey(), fingerprint, c.eventId(), c.sub(), c.service(),
                    c.amount(), c.now(), c.month(), c.burn(), c.overdraftLimit(), c.detail())
                    .withAccountLimit(c.accountLimit()) : c;
        } else if (command instanceof Grant c) {
            return other ? new Grant(c.account(), c.idempotencyKey(), fingerprint, c.eventId(), c.lot(), c.now(),
                    c.detail()) : c;
        }
        if (command instanceof Adjust c) {
            return other ? new Adjust(c.account(), c.idempotencyKey(), fingerprint, c.eventId(), c.subAccount(),
                    c.amount(), c.lotId(), c.burn(), c.now(), c.reason(), c.by()) : c;
        } else if (command instanceof VoidLot c) {
            return other ? new VoidLot(c.account(), c.idempotencyKey(), fingerprint, c.eventId(), c.lotId(), c.now(),
                    c.reason(), c.by()) : c;
        }
        var c = (Allocate) command;
        return other ? new Allocate(c.account(), c.idempotencyKey(), fingerprint, c.eventId(), c.subAccount(),
                c.amount(), c.now()) : c;
    }

    // Adjustments: credits and debits of the pool or an allocation, voids of the account's lots (granted or
    // credited, used up or not, and now and then one that does not exist).
    private final Map<String, List<String>> lots = new HashMap<>();

    private void remember(String account, Object command) {
        if (command instanceof Grant grant) {
            lots.computeIfAbsent(account, a -> new ArrayList<>()).add(grant.lot().id());
        } else if (command instanceof Adjust adjust && adjust.credit()) {
            lots.computeIfAbsent(account, a -> new ArrayList<>()).add(adjust.lotId());
        }
    }

    private Object adjustment(String account) {
        var key = id("k");
        int dice = random.nextInt(10);
        var known = lots.getOrDefault(account, List.of());
        if (dice < 3) {
            var lot = known.isEmpty() || random.nextInt(10) == 0 ? "lot-none" : pick(known);
            return new VoidLot(account, key, "fp-" + key, id("e"), lot, now, "void", "op");
        }
        var sub = random.nextInt(3) == 0 ? Optional.of(random.nextBoolean() ? "al" : "fb") : Optional.<String> empty();
        long amount = 1 + random.nextInt(lean(account) ? 1_500 : 6_000);
        boolean credit = dice < 6;
        return new Adjust(account, key, "fp-" + key, id("e"), sub, credit ? amount : -amount,
                credit ? id("adj") : "", pick(POLICIES), now, credit ? "credit" : "debit", "op");
    }

    private Optional<SubAccountPolicy> sub() {
        return pick(SUBS);
    }

    private Service service() {
        int dice = random.nextInt(10);
        return dice < 6 ? Service.SMS : Service.values()[dice % Service.values().length];
    }

    /**
     * Lots paying for categories: one in four of the lots that list services lists a category of the catalogue too
     * (or instead, one in eight), as a commitment for "calling" or "AI" would.
     */
    private Set<Service> withCategories(Set<Service> services) {
        if (services.isEmpty() || random.nextInt(4) != 0) {
            return services;
        }
        var category = Service.category(pick(CATEGORIES));
        return random.nextBoolean() ? Set.of(category) : union(services, category);
    }

    private static Set<Service> union(Set<Service> services, Service more) {
        var all = new HashSet<>(services);
        all.add(more);
        return all;
    }

    private static final List<String> CATEGORIES = List.of("calling", "messaging", "fax", "ai");

    /** The category a use names: its service's built-in category, or (one in four) none, as a caller without one. */
    private String useCategory(Service service) {
        if (random.nextInt(4) == 0) {
            return "";
        }
        return switch (service.name()) {
            case "VOICE" -> "calling";
            case "FAX" -> "fax";
            case "AI_AGENT" -> "ai";
            default -> "messaging";
        };
    }

    /** 1..max, mostly small. */
    private long amount(int max) {
        return 1 + (long) (Math.pow(random.nextDouble(), 2) * max);
    }

    private String month() {
        return month(now);
    }

    static String month(Instant instant) {
        return MONTH.format(instant);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String id(String prefix) {
        return prefix + (++counter);
    }

    static Duration elapsed(Instant start) {
        return Duration.between(start, Instant.now());
    }
}
