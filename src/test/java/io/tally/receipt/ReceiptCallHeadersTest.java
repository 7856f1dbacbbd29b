package io.tally.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.tally.ledger.LedgerCall;
import io.tally.ledger.LedgerCallHeadersTest;
import io.tally.ledger.LedgerKeys;

/** The receipt scripts' calls against their headers, as {@link LedgerCallHeadersTest} holds the ledger's. */
class ReceiptCallHeadersTest {
    private static final Path SCRIPTS = Path.of("src/main/resources/lua/receipt");
    private static final LedgerKeys LAYOUT = new LedgerKeys(64);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static Stream<LedgerCall<?>> calls() {
        var rid = LedgerKeys.reservationIdFor("acme", "k1");
        var receipt = new Receipt("acme", "twilio", "c1", "SM1", 1, 2, DeliveryStatus.DELIVERED, "0", NOW, 1, null);
        var withUrl = new Receipt("acme", "twilio", "c1", "SM1", 1, 2, DeliveryStatus.DELIVERED, "0", NOW, 1, rid);
        return Stream.of(
                new DispatchCall("acme", "twilio", "SM1", rid, 2, NOW, Duration.ofDays(1), ReceiptPolicy.DEFAULT,
                        LAYOUT),
                new ReceiptCall(receipt, NOW, Duration.ofDays(7), ReceiptPolicy.DEFAULT, LAYOUT),
                new ReceiptSettleCall(new ReceiptCall(withUrl, NOW, Duration.ofDays(7), ReceiptPolicy.DEFAULT, LAYOUT),
                        Duration.ofDays(1), "e1", Duration.ofDays(1), "{\"carrier\":\"twilio\",\"messageId\":\"SM1\"}"));
    }

    @ParameterizedTest
    @MethodSource("calls")
    void namesAndOrderAreTheScriptHeaders(LedgerCall<?> call) {
        assertThat(LedgerCallHeadersTest.mismatches(call, SCRIPTS)).isEmpty();
    }

    /** One partition's tag: on Redis Cluster one hash slot (receipt-settle's message, hold and ledger keys too). */
    @ParameterizedTest
    @MethodSource("calls")
    void everyKeyIsInTheAccountsPartition(LedgerCall<?> call) {
        assertThat(call.keys()).allMatch(k -> k.startsWith("{p" + call.partition() + "}:"));
        for (int i = 0; i < call.keys().size(); i++) {
            var shape = Pattern.quote(call.keyNames().get(i)).replace("{pN}", "\\E\\{p\\d+}\\Q")
                    .replaceAll("<\\w+>", "\\\\E[^:]+\\\\Q");
            assertThat(call.keys().get(i)).as("KEYS[%d] of %s", i + 1, call.script()).matches(shape);
        }
        assertThat(new ArrayList<>(call.argv())).hasSameSizeAs(call.argvNames()).doesNotContainNull();
    }

    @ParameterizedTest
    @MethodSource("calls")
    void thePolicyIsSentAsTheScriptsReadIt(LedgerCall<?> call) {
        assertThat(call.argv().get(call.argvNames().indexOf("policy")))
                .isEqualTo("SENT=C,DELIVERED=C,UNDELIVERED=C,FAILED=R,REJECTED=R");
        assertThat(List.of(call.keys().get(0))).containsExactly("{p" + call.partition() + "}:dlr:acme:twilio:SM1");
    }
}
