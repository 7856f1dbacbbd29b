package io.tally.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.vertx.mutiny.redis.client.Redis;

/** The model or the scripts behind one synchronous face, so that one case table runs against both. */
interface LedgerUnderTest {
    int PARTITIONS = 64;

    ReserveOutcome reserve(Reserve command);

    SettleOutcome settle(Settle command);

    MeterOutcome meter(Meter command);

    CreditOutcome grant(Grant command);

    CreditOutcome allocate(Allocate command);

    AdjustOutcome adjust(Adjust command);

    AdjustOutcome voidLot(VoidLot command);

    Balance balance(String account, String month);

    List<String> dueHolds(int partition, Instant now, int limit);

    ExpireOutcome expire(ExpireCredits command);

    int extendExpiry(ExtendExpiry command);

    List<ExpiringLot> dueExpiries(int partition, Instant now, int limit);

    RefreshOutcome refresh(RefreshCredits command);

    List<RefreshingLot> dueRefreshes(int partition, Instant now, int limit);

    List<Map<String, String>> events(int partition);

    List<DueRecharge> dueRecharges(int partition, Instant now, java.time.Duration lease, int limit);

    boolean endRecharge(String account, String rechargeId, RechargeEnd end, Instant retryAt);

    /** The account's recharge record ({@code OPEN|id|ms}, {@code FAILED|id|granted}), if any. */
    java.util.Optional<String> recharge(String account);

    static LedgerUnderTest of(String name) {
        return switch (name) {
            case "model" -> new Model(new LedgerModel(PARTITIONS));
            case "redis" -> new Scripts(TestRedis.client(), TestRedis.opened(new RedisLedger(TestRedis.client(),
                    PARTITIONS, java.time.Duration.ofDays(7))));
            default -> throw new IllegalArgumentException(name);
        };
    }

    record Model(LedgerModel model) implements LedgerUnderTest {
        public ReserveOutcome reserve(Reserve c) {
            return model.reserve(c);
        }

        public SettleOutcome settle(Settle c) {
            return model.settle(c);
        }

        public MeterOutcome meter(Meter c) {
            return model.meter(c);
        }

        public CreditOutcome grant(Grant c) {
            return model.grant(c);
        }

        public CreditOutcome allocate(Allocate c) {
            return model.allocate(c);
        }

        public AdjustOutcome adjust(Adjust c) {
            return model.adjust(c);
        }

        public AdjustOutcome voidLot(VoidLot c) {
            return model.voidLot(c);
        }

        public Balance balance(String account, String month) {
            return model.snapshot(account, month);
        }

        public List<String> dueHolds(int p, Instant now, int limit) {
            return model.dueHolds(p, now, limit);
        }

        public ExpireOutcome expire(ExpireCredits c) {
            return model.expire(c);
        }

        public int extendExpiry(ExtendExpiry c) {
            return model.extendExpiry(c);
        }

        public List<ExpiringLot> dueExpiries(int p, Instant now, int limit) {
            return model.dueExpiries(p, now, limit);
        }

        public RefreshOutcome refresh(RefreshCredits c) {
            return model.refresh(c);
        }

        public List<RefreshingLot> dueRefreshes(int p, Instant now, int limit) {
            return model.dueRefreshes(p, now, limit);
        }

        public List<Map<String, String>> events(int partition) {
            return model.events(partition);
        }

        public List<DueRecharge> dueRecharges(int p, Instant now, java.time.Duration lease, int limit) {
            return model.dueRecharges(p, now, lease, limit);
        }

        public boolean endRecharge(String account, String rechargeId, RechargeEnd end, Instant retryAt) {
            return model.endRecharge(account, rechargeId, end, retryAt);
        }

        public java.util.Optional<String> recharge(String account) {
            return model.recharge(account);
        }

        @Override
        public String toString() {
            return "model";
        }
    }

    record Scripts(Redis redis, RedisLedger ledger) implements LedgerUnderTest {
        public ReserveOutcome reserve(Reserve c) {
            return ledger.reserve(c).await().atMost(TestRedis.TIMEOUT);
        }

        public SettleOutcome settle(Settle c) {
            return ledger.settle(c).await().atMost(TestRedis.TIMEOUT);
        }

        public MeterOutcome meter(Meter c) {
            return ledger.meter(c).await().atMost(TestRedis.TIMEOUT);
        }

        public CreditOutcome grant(Grant c) {
            return ledger.grant(c).await().atMost(TestRedis.TIMEOUT);
        }

        public CreditOutcome allocate(Allocate c) {
            return ledger.allocate(c).await().atMost(TestRedis.TIMEOUT);
        }

        public AdjustOutcome adjust(Adjust c) {
            return ledger.adjust(c).await().atMost(TestRedis.TIMEOUT);
        }

        public AdjustOutcome voidLot(VoidLot c) {
            return ledger.voidLot(c).await().atMost(TestRedis.TIMEOUT);
        }

        public Balance balance(String account, String month) {
            return ledger.balance(account, month).await().atMost(TestRedis.TIMEOUT);
        }

        public List<String> dueHolds(int p, Instant now, int limit) {
            return ledger.dueHolds(p, now, limit).await().atMost(TestRedis.TIMEOUT);
        }

        public ExpireOutcome expire(ExpireCredits c) {
            return ledger.expire(c).await().atMost(TestRedis.TIMEOUT);
        }

        public int extendExpiry(ExtendExpiry c) {
            return ledger.extendExpiry(c).await().atMost(TestRedis.TIMEOUT);
        }

        public List<ExpiringLot> dueExpiries(int p, Instant now, int limit) {
            return ledger.dueExpiries(p, now, limit).await().atMost(TestRedis.TIMEOUT);
        }

        public RefreshOutcome refresh(RefreshCredits c) {
            return ledger.refresh(c).await().atMost(TestRedis.TIMEOUT);
        }

        public List<RefreshingLot> dueRefreshes(int p, Instant now, int limit) {
            return ledger.dueRefreshes(p, now, limit).await().atMost(TestRedis.TIMEOUT);
        }

        public List<Map<String, String>> events(int partition) {
            return StreamEvents.read(redis, LedgerKeys.events(partition));
        }

        public List<DueRecharge> dueRecharges(int p, Instant now, java.time.Duration lease, int limit) {
            return ledger.dueRecharges(p, now, lease, limit).await().atMost(TestRedis.TIMEOUT);
        }

        public boolean endRecharge(String account, String rechargeId, RechargeEnd end, Instant retryAt) {
            return ledger.endRecharge(account, rechargeId, end, retryAt).await().atMost(TestRedis.TIMEOUT);
        }

        public java.util.Optional<String> recharge(String account) {
            var value = redis.send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.GET)
                    .arg(ledger.keys().recharge(account))).await().atMost(TestRedis.TIMEOUT);
            return java.util.Optional.ofNullable(value).map(Object::toString);
        }

        @Override
        public String toString() {
            return "redis";
        }
    }
}
