package io.tally.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tally.account.Account;
import io.tally.account.AccountProfile;
import io.tally.account.LedgerSettings;
import io.tally.account.SegmentationSettings;
import io.tally.account.SubAccount;
import io.tally.ledger.Balance;
import io.tally.ledger.Lot;
import io.tally.ledger.LotKind;
import io.tally.ledger.SubAccountPolicy;

/** The balance counts only the credits usable now: a lot past its expiry is gone from every figure. */
class BalanceViewTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final long C = 1_000_000;

    @Test
    void aLotPastItsExpiryCountsInNoFigureBeforeItsExpiryMovementRan() {
        var expired = lot("old", 100 * C, 60 * C, Optional.of(NOW.minusSeconds(1)), 1);
        var live = lot("live", 50 * C, 50 * C, Optional.empty(), 2);
        // the hash as it is before the expiry ran: the pool holds 70 of the 110, list "a" the other 40
        var balance = new Balance(List.of(expired, live), 0, 40 * C, 150 * C, 0, 70 * C, Map.of("a", 40 * C),
                Map.of());

        var view = BalanceView.of("acct", "2026-03", balance, profile(), NOW);

        assertThat(view.available()).isEqualByComparingTo(credits(50));
        assertThat(view.pool()).as("the pool gives the 60 expiring credits first").isEqualByComparingTo(credits(10));
        assertThat(view.subAccounts()).singleElement()
                .satisfies(sub -> assertThat(sub.allocation()).isEqualByComparingTo(credits(40)));
        assertThat(view.expired()).isEqualByComparingTo(credits(60));
        var old = view.lots().get(0);
        assertThat(old.usable()).isFalse();
        assertThat(old.available()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(view.lots().get(1).available()).isEqualByComparingTo(credits(50));
    }

    @Test
    void aLotNotYetEffectiveIsNotAvailableNow() {
        var later = new Lot("later", LotKind.PACKAGE, Set.of(), OptionalInt.empty(), NOW.plusSeconds(60),
                Optional.empty(), 30 * C, 30 * C, 1, Optional.empty());
        var balance = new Balance(List.of(later), 0, 0, 30 * C, 0, 30 * C, Map.of(), Map.of());

        var view = BalanceView.of("acct", "2026-03", balance, profile(), NOW);

        assertThat(view.available()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(view.pool()).isEqualByComparingTo(credits(30));
    }

    private static Lot lot(String id, long granted, long remaining, Optional<Instant> expires, long seq) {
        return new Lot(id, LotKind.PACKAGE, Set.of(), OptionalInt.empty(), NOW.minusSeconds(3600), expires, granted,
                remaining, seq, Optional.empty());
    }

    private static AccountProfile profile() {
        var account = new Account("acct", "Acct", ZoneOffset.UTC, SegmentationSettings.DEFAULT, LedgerSettings.DEFAULT,
                NOW);
        var sub = new SubAccount("acct", "a", "A", SubAccount.Kind.LIST, SubAccountPolicy.Mode.ALLOCATED, false,
                OptionalLong.empty(), NOW);
        return new AccountProfile(account, Map.of("a", sub));
    }

    private static BigDecimal credits(long credits) {
        return BigDecimal.valueOf(credits);
    }
}
