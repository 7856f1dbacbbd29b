package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Partitions and key names: pure. */
class LedgerKeysTest {
    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({ "acct-1, 64", "acct-2, 64", "x, 1", "ü-account, 7", "42, 128" })
    void partitionIsTheCrc32OfTheUtf8IdModuloP(String account, int partitions) {
        var crc = new CRC32();
        crc.update(account.getBytes(StandardCharsets.UTF_8));

        assertThat(Partitions.of(account, partitions)).isEqualTo((int) (crc.getValue() % partitions));
    }

    @Test
    void aReservationIdIsDerivedFromItsIdempotencyKey() {
        var id = LedgerKeys.reservationIdFor("acme", "order-42/sms:1 é");
        assertThat(id).isEqualTo(LedgerKeys.reservationIdFor("acme", "order-42/sms:1 é")).hasSize("r.acme.".length() + 22)
                .startsWith("r.acme.");
        assertThat(LedgerKeys.accountOf(id)).contains("acme");
        assertThat(LedgerKeys.reservationIdFor("acme", "order-43/sms:1 é")).isNotEqualTo(id);
        // the first 22 characters of SHA-256("k1") in base64url (python3: hashlib, base64.urlsafe_b64encode)
        assertThat(LedgerKeys.reservationIdFor("acme", "k1")).isEqualTo("r.acme.arnx6499M4j0-dWG9m6Z_V");
    }

    @Test
    void everyKeyOfAnAccountCarriesItsPartitionsTag() {
        var keys = new LedgerKeys(64);
        int p = Partitions.of("acme", 64);
        var reservation = LedgerKeys.reservationId("acme", "x1");

        assertThat(keys.account("acme")).isEqualTo("{p" + p + "}:acct:acme");
        assertThat(keys.idempotency("acme", "k")).isEqualTo("{p" + p + "}:acct:acme:idem:k");
        assertThat(keys.hold(reservation)).isEqualTo("{p" + p + "}:hold:r.acme.x1");
        assertThat(LedgerKeys.deadlines(p)).isEqualTo("{p" + p + "}:deadlines");
        assertThat(LedgerKeys.events(p)).isEqualTo("{p" + p + "}:events");
    }

    @Test
    void keysOfAPartitionComputedOnceAreTheKeysOfTheAccount() {
        for (int partitions : new int[] { 1, 64, 5_000 }) {
            var keys = new LedgerKeys(partitions);
            for (var account : List.of("acme", "a-b_C9", "x".repeat(64), "acct-" + partitions)) {
                int p = keys.partition(account);
                var reservation = LedgerKeys.reservationIdFor(account, "k-" + p);
                assertThat(LedgerKeys.tag(p)).isEqualTo("{p" + p + "}");
                assertThat(LedgerKeys.account(p, account)).isEqualTo(keys.account(account));
                assertThat(LedgerKeys.usable(p, account)).isEqualTo(keys.usable(account));
                assertThat(LedgerKeys.idempotency(p, account, "k")).isEqualTo(keys.idempotency(account, "k"));
                assertThat(LedgerKeys.hold(p, reservation)).isEqualTo(keys.hold(reservation));
            }
        }
        assertThat(LedgerKeys.tag(4_999)).isEqualTo("{p4999}");
        assertThat(LedgerKeys.deadlines(1_023)).isEqualTo("{p1023}:deadlines");
        assertThat(LedgerKeys.epoch(1_024)).isEqualTo("{p1024}:epoch");
    }

    @Test
    void aReserveCallsKeysAreItsAccountsAndItsHoldIsInItsAccountsPartition() {
        var layout = new LedgerKeys(64);
        var reserve = new Book("acme").reserve(100);
        int p = layout.partition("acme");
        var call = new LedgerCall.ReserveCall(reserve, layout, "1000", true);

        assertThat(call.keys()).containsExactly(layout.account("acme"), layout.hold(reserve.reservationId()),
                LedgerKeys.deadlines(p), LedgerKeys.events(p), layout.usable("acme"), LedgerKeys.epoch(p),
                layout.idempotency("acme", reserve.idempotencyKey()));
        assertThat(new LedgerCall.ReserveCall(reserve, layout, "1000", false).keys()).hasSize(6);
    }

    @Test
    void theReservationIdOfAnInvalidAccountIsRefused() {
        assertThatThrownBy(() -> LedgerKeys.reservationIdFor("a.b", "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerKeys.reservationIdFor(null, "k")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aReservationIdNamesItsAccount() {
        assertThat(LedgerKeys.accountOf("r.acme.x1")).contains("acme");
        assertThat(LedgerKeys.accountOf("r.acme")).isEmpty();
        assertThat(LedgerKeys.accountOf("q.acme.x1")).isEqualTo(Optional.empty());
        assertThat(LedgerKeys.accountOf("r.a-b_C9.x")).contains("a-b_C9");
        for (var bad : List.of("r..x1", "r.acme.", "r.acme.x.y", "r.ac me.x", "r.acme.x/1", "r." + "a".repeat(65) + ".x",
                "r.acme." + "x".repeat(65), "R.acme.x1", "r.acme")) {
            assertThat(LedgerKeys.accountOf(bad)).as(bad).isEmpty();
        }
        assertThat(LedgerKeys.accountOf("r." + "a".repeat(64) + "." + "x".repeat(64))).contains("a".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a.b", "a:b", "a b", "{p1}", "a,b" })
    void refusesIdsThatWouldBreakKeysOrReplies(String id) {
        assertThatThrownBy(() -> LedgerKeys.requireId(id, "id")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAmountsAboveTheCap() {
        assertThatThrownBy(() -> Book.lot("l", LotKind.PACKAGE, LedgerKeys.MAX_AMOUNT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Book("a").meter(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Book("a").meter(LedgerKeys.MAX_AMOUNT + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFreeUseCostsZeroAndIsAllowed() {
        assertThat(new Book("a").meter(0, 0).amount()).isZero();
    }
}
