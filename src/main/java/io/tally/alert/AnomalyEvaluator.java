package io.tally.alert;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.anomaly.Anomaly;
import io.tally.anomaly.AnomalyRules;
import io.tally.anomaly.Dimension;
import io.tally.anomaly.SpendSeries;
import io.tally.ledger.LedgerConfig;
import io.tally.platform.LuaSources;
import io.tally.platform.RedisLockedTimer;
import io.tally.platform.RedisPipes;
import io.tally.pricing.Credits;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Spending anomalies, hour by hour (docs/alerts.md "Spending anomaly"): every {@code tally.alerts.anomaly.interval}
 * one replica (a Redis lock) takes each account with an enabled spending-anomaly rule whose last complete hour (in its
 * time zone, {@code grace} after it ended) has not been evaluated, and for that hour (and those missed during a
 * downtime, within {@code catch-up}) reads from PostgreSQL the hour and the same hour of
 * the week in the previous weeks, runs the pure detector ({@link SpendSeries#evaluate}) and records the hour as
 * evaluated, appending one alert per rule when it is an anomaly, in one script ({@code lua/alert/anomaly.lua}): so an
 * hour alerts once however many replicas or runs reach it.
 */
@Singleton
class AnomalyEvaluator {
    private static final Logger LOG = Logger.getLogger(AnomalyEvaluator.class);
    private static final String LOCK = "tally:alerts:anomalies";
    private static final String SOURCE = LuaSources.read("alert", "anomaly");
    private static final String SHA = LuaSources.sha1(SOURCE);

    /** The accounts to evaluate: those with an enabled spending-anomaly rule, their zone and those rules. */
    private static final String WATCHED = """
            SELECT r.account_id, a.time_zone, array_agg(r.id ORDER BY r.id) AS rules
            FROM alert_rules r JOIN accounts a ON a.id = r.account_id
            WHERE r.type = 'spending-anomaly' AND r.enabled
            GROUP BY r.account_id, a.time_zone ORDER BY r.account_id""";

    /**
     * What the account spent in each of the hours starting at $2 (one hour each), by every dimension the cause is
     * named from: a bounded read of usage_records by its (account_id, occurred_at) index, one range per hour.
     */
    private static final String SPEND = """
            SELECT w.start, sum(r.credits) AS credits, r.country, r.sub_account, r.sender, r.user_id, r.product,
                   r.service
            FROM unnest($2::timestamptz[]) AS w(start)
            JOIN usage_records r ON r.account_id = $1 AND r.occurred_at >= w.start
                                AND r.occurred_at < w.start + interval '1 hour'
            WHERE r.credits > 0
            GROUP BY w.start, r.country, r.sub_account, r.sender, r.user_id, r.product, r.service""";

    /** The account's first use within the weeks looked at: weeks before it are not history. */
    private static final String FIRST = """
            SELECT min(occurred_at) AS first FROM usage_records
            WHERE account_id = $1 AND occurred_at >= $2 AND occurred_at < $3""";

    private final Pool client;
    private final RedisPipes redis;
    private final AlertKeys keys;
    private final Clock clock;
    private final AlertConfig config;
    private final AnomalyRules rules;
    private final RedisLockedTimer timer;
    private final Counter raised;

    AnomalyEvaluator(Pool client, RedisPipes redis, LedgerConfig ledger, Vertx vertx, Clock clock, AlertConfig config,
            MeterRegistry registry) {
        this.client = client;
        this.redis = redis;
        this.keys = new AlertKeys(ledger.partitions());
        this.clock = clock;
        this.config = config;
        var anomaly = config.anomaly();
        this.rules = new AnomalyRules(anomaly.zScore(), anomaly.absoluteFloor() * Credits.MICROS_PER_CREDIT,
                anomaly.percentFloor(), anomaly.weeks(), AnomalyRules.DEFAULT.robustFrom(),
                AnomalyRules.DEFAULT.plainFactor());
        this.raised = Counter.builder("tally.alerts.anomalies").description("Spending anomalies raised")
                .register(registry);
        this.timer = new RedisLockedTimer(vertx, redis, clock, LOCK, anomaly.interval(), this::runOnce);
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            timer.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        timer.stop();
    }

    /** An account to evaluate. */
    record Watched(String account, ZoneId zone, List<String> rules) {
    }

    /** One run over every watched account, whatever the lock says; answers how many anomalies it raised. */
    Uni<Integer> runOnce() {
        var now = clock.instant();
        return watched()
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(watched -> evaluate(watched, now)
                        .onFailure().invoke(failure -> LOG.warnf("Spending anomalies of %s not evaluated: %s",
                                watched.account(), failure.toString()))
                        .onFailure().recoverWithItem(0))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    Uni<List<Watched>> watched() {
        return client.query(WATCHED).execute().map(rows -> {
            var out = new ArrayList<Watched>();
            for (var row : rows) {
                out.add(new Watched(row.getString("account_id"), zone(row.getString("time_zone")),
                        Arrays.asList(row.getArrayOfStrings("rules"))));
            }
            return out;
        });
    }

    /** The last complete hour of the account at {@code now} (after the grace), in its zone. */
    LocalDateTime lastHour(ZoneId zone, Instant now) {
        return LocalDateTime.ofInstant(now.minus(config.anomaly().grace()), zone).truncatedTo(ChronoUnit.HOURS)
                .minusHours(1);
    }

    /**
     * Evaluates the account's hours not evaluated yet, up to its last complete one, oldest first (after a downtime,
     * those within {@code catch-up}); answers the alerts appended (0 when none was an anomaly or all were evaluated
     * already). The script records each hour only when it is after the last one recorded, so racing replicas, each
     * going oldest first, evaluate each hour once: one that finds an hour recorded by another moves on to the next.
     * A failure stops the run at the hour that failed; the next run starts there.
     */
    Uni<Integer> evaluate(Watched watched, Instant now) {
        var marker = keys.anomaly(watched.account());
        return redis.send(io.vertx.mutiny.redis.client.Request.cmd(Command.GET).arg(marker))
                .map(last -> hours(watched.zone(), now,
                        last == null ? java.util.OptionalLong.empty()
                                : java.util.OptionalLong.of(Long.parseLong(last.toString()))))
                .chain(hours -> {
                    Uni<Integer> total = Uni.createFrom().item(0);
                    for (var hour : hours) {
                        total = total.chain(sum -> evaluateHour(watched, hour, now).map(count -> sum + count));
                    }
                    return total;
                });
    }

    /**
     * The hours to evaluate, oldest first: those after the last one evaluated ({@code evaluated}, its start in ms) up
     * to the last complete hour, within {@code catch-up} of it; only the last complete hour when none was evaluated
     * yet. Local hours that a daylight-saving change skips are not counted twice.
     */
    List<LocalDateTime> hours(ZoneId zone, Instant now, java.util.OptionalLong evaluated) {
        var last = lastHour(zone, now);
        if (evaluated.isEmpty()) {
            return List.of(last);
        }
        long back = Math.max(1, config.anomaly().catchUp().toHours());
        var hours = new java.util.TreeMap<Instant, LocalDateTime>();
        for (long k = 0; k < back; k++) {
            var hour = last.minusHours(k);
            var start = hour.atZone(zone).toInstant();
            if (start.toEpochMilli() > evaluated.getAsLong()) {
                hours.putIfAbsent(start, hour);
            }
        }
        return List.copyOf(hours.values());
    }

    private Uni<Integer> evaluateHour(Watched watched, LocalDateTime hour, Instant now) {
        var start = hour.atZone(watched.zone()).toInstant();
        return series(watched, hour)
                .map(series -> series.evaluate(hour, rules))
                .chain(anomaly -> record(watched, start, now, anomaly));
    }

    /** The hour and the same hour of the previous weeks, with the account's first use among them. */
    Uni<SpendSeries> series(Watched watched, LocalDateTime hour) {
        var zone = watched.zone();
        var starts = new ArrayList<java.time.OffsetDateTime>();
        for (int week = 0; week <= rules.weeks(); week++) {
            starts.add(hour.minusWeeks(week).atZone(zone).toInstant().atOffset(ZoneOffset.UTC));
        }
        var earliest = starts.get(starts.size() - 1);
        var end = starts.get(0).plusHours(1);
        var series = new SpendSeries(zone);
        return client.preparedQuery(FIRST).execute(Tuple.of(watched.account(), earliest, end))
                .invoke(rows -> {
                    var first = rows.iterator().next().getOffsetDateTime("first");
                    if (first != null) {
                        series.add(first.toInstant(), 0, Map.of());
                    }
                })
                .chain(() -> client.preparedQuery(SPEND).execute(Tuple.of(watched.account(),
                        starts.toArray(java.time.OffsetDateTime[]::new))))
                .map(rows -> {
                    for (var row : rows) {
                        var values = new EnumMap<Dimension, String>(Dimension.class);
                        put(values, Dimension.DESTINATION, row.getString("country"));
                        put(values, Dimension.SUB_ACCOUNT, row.getString("sub_account"));
                        put(values, Dimension.SENDING_NUMBER, row.getString("sender"));
                        put(values, Dimension.USER, row.getString("user_id"));
                        put(values, Dimension.PRODUCT, row.getString("product"));
                        put(values, Dimension.SERVICE, row.getString("service"));
                        series.add(row.getOffsetDateTime("start").toInstant(), row.getLong("credits"), values);
                    }
                    return series;
                });
    }

    private Uni<Integer> record(Watched watched, Instant start, Instant now, Optional<Anomaly> anomaly) {
        var args = new ArrayList<String>();
        args.add(Long.toString(start.toEpochMilli()));
        args.add(watched.account());
        args.add(Long.toString(now.toEpochMilli()));
        args.add(anomaly.map(found -> values(found, start).encode()).orElse(""));
        args.addAll(watched.rules());
        var keyList = List.of(keys.anomaly(watched.account()), AlertKeys.stream(keys.partition(watched.account())));
        return redis.send(LuaSources.call(Command.EVALSHA, SHA, keyList, args))
                .onFailure(LuaSources::isNoScript)
                .recoverWithUni(() -> redis.send(LuaSources.call(Command.EVAL, SOURCE, keyList, args)))
                .map(reply -> Math.max(reply.toInteger(), 0))
                .invoke(count -> raised.increment(count));
    }

    /** The alert's values: every figure as a string, credits as decimals, the cause named as the summary says. */
    static JsonObject values(Anomaly anomaly, Instant start) {
        var values = new JsonObject()
                .put("hour", start.toString())
                .put("value", Credits.decimal(anomaly.spend()).toPlainString())
                .put("baseline", Credits.decimal(anomaly.baseline()).toPlainString())
                .put("excess", Credits.decimal(anomaly.excess()).toPlainString())
                .put("score",
                        Double.isInfinite(anomaly.score()) ? "inf"
                                : String.format(java.util.Locale.ROOT, "%.1f", anomaly.score()))
                .put("cause", anomaly.cause().dimension().label())
                .put("causeValue", anomaly.cause().value())
                .put("share", Long.toString(anomaly.cause().percent()))
                .put("summary", anomaly.summary());
        anomaly.via().ifPresent(via -> values.put("via", via.dimension().label()).put("viaValue", via.value()));
        return values;
    }

    private static void put(Map<Dimension, String> values, Dimension dimension, String value) {
        if (value != null && !value.isEmpty()) {
            values.put(dimension, value);
        }
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
