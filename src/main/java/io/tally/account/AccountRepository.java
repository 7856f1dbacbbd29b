package io.tally.account;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.BillingCycle;
import io.tally.ledger.BurnPolicy;
import io.tally.ledger.ExpiredHoldAction;
import io.tally.ledger.ExpiryOrder;
import io.tally.ledger.LimitPeriod;
import io.tally.ledger.LotKind;
import io.tally.segmentation.NationalLanguage;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

@Singleton
class AccountRepository {
    private static final String COLUMNS = """
            id, name, time_zone, grapheme_safe, national_languages, languages_by_destination, burn_kind_order, \
            expiry_order, overdraft_limit_micro, hold_timeout_seconds, expired_hold_action, extend_expiry_on_purchase, \
            cycle_anchor, cycle_period, limit_months, adjustments_by_admins, spending_limit_micro, spending_limit_period, \
            created_at""";
    private static final String INSERT = """
            INSERT INTO accounts (id, name, time_zone, grapheme_safe, national_languages, languages_by_destination,
                                  burn_kind_order, expiry_order, overdraft_limit_micro, hold_timeout_seconds,
                                  expired_hold_action, extend_expiry_on_purchase, cycle_anchor, cycle_period,
                                  limit_months, adjustments_by_admins, spending_limit_micro, spending_limit_period,
                                  created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM accounts WHERE id = $1";
    private static final String UPDATE = """
            UPDATE accounts SET name = $2, time_zone = $3, grapheme_safe = $4, national_languages = $5,
                                languages_by_destination = $6, burn_kind_order = $7, expiry_order = $8,
                                overdraft_limit_micro = $9, hold_timeout_seconds = $10, expired_hold_action = $11,
                                extend_expiry_on_purchase = $12, cycle_anchor = $13, cycle_period = $14,
                                limit_months = $15, adjustments_by_admins = $16, spending_limit_micro = $17,
                                spending_limit_period = $18
            WHERE id = $1""";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool client;

    AccountRepository(Pool client) {
        this.client = client;
    }

    /** Inserts the account; false when the id is taken. */
    Uni<Boolean> insert(Account account) {
        var values = new ArrayList<Object>(values(account));
        values.add(account.createdAt().atOffset(ZoneOffset.UTC));
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(values))
                .map(rows -> true)
                .onFailure(AccountRepository::isUniqueViolation).recoverWithItem(false);
    }

    Uni<Void> update(Account account) {
        return client.preparedQuery(UPDATE)
                .execute(Tuple.from(values(account)))
                .replaceWithVoid();
    }

    Uni<Optional<Account>> find(String id) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toAccount(rows.iterator().next())));
    }

    /** The columns insert and update share, in statement order. */
    private static List<Object> values(Account account) {
        var ledger = account.ledger();
        return Arrays.asList(account.id(), account.name(), account.timeZone().getId(),
                account.segmentation().graphemeSafe(), languages(account.segmentation()),
                account.segmentation().languagesByDestination(),
                ledger.burn().kindOrder().stream().map(Enum::name).toArray(String[]::new),
                ledger.burn().expiryOrder().name(), ledger.overdraftLimit(), (int) ledger.holdTimeout().toSeconds(),
                ledger.onExpiry().name(), ledger.extendExpiryOnPurchase(),
                account.cycleSettings().anchor().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null),
                account.cycleSettings().period().name(), account.cycleSettings().billingMonths() ? "BILLING" : "CALENDAR",
                ledger.adjustmentsByAdmins(), account.spendingLimit().map(SpendingLimit::amount).orElse(null),
                account.spendingLimit().map(l -> l.period().name()).orElse(LimitPeriod.MONTH.name()));
    }

    private static String[] languages(SegmentationSettings settings) {
        return settings.languages().stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    private static Account toAccount(Row row) {
        var languages = Arrays.stream(row.getArrayOfStrings("national_languages"))
                .map(NationalLanguage::valueOf)
                .collect(Collectors.toSet());
        var segmentation = new SegmentationSettings(row.getBoolean("grapheme_safe"), languages,
                row.getBoolean("languages_by_destination"));
        var burn = new BurnPolicy(Arrays.stream(row.getArrayOfStrings("burn_kind_order")).map(LotKind::valueOf).toList(),
                ExpiryOrder.valueOf(row.getString("expiry_order")));
        var ledger = new LedgerSettings(burn, row.getLong("overdraft_limit_micro"),
                Duration.ofSeconds(row.getInteger("hold_timeout_seconds")),
                ExpiredHoldAction.valueOf(row.getString("expired_hold_action")),
                row.getBoolean("extend_expiry_on_purchase"), row.getBoolean("adjustments_by_admins"));
        var anchor = row.getOffsetDateTime("cycle_anchor");
        var cycle = new CycleSettings(Optional.ofNullable(anchor).map(java.time.OffsetDateTime::toInstant),
                BillingCycle.Period.valueOf(row.getString("cycle_period")),
                "BILLING".equals(row.getString("limit_months")));
        return new Account(row.getString("id"), row.getString("name"), ZoneId.of(row.getString("time_zone")),
                segmentation, ledger, row.getOffsetDateTime("created_at").toInstant(), cycle,
                Optional.ofNullable(row.getLong("spending_limit_micro")).map(amount -> new SpendingLimit(amount,
                        LimitPeriod.valueOf(row.getString("spending_limit_period")))));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
