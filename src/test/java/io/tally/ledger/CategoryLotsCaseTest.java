package io.tally.ledger;

import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.charges;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lots that pay for a category of the catalogue ({@code @calling}) as well as for listed services: "the plan
 * allowance, then the matching commitment, then universal credits", run against the model and the scripts. Each
 * account holds a voice plan allowance (lists {@code VOICE}), a calling commitment ({@code @calling}), an AI
 * commitment ({@code @ai}) and universal credits (all services), 100 each, burnt plan first.
 */
class CategoryLotsCaseTest {
    private static final Service TOLL_FREE = new Service("VOICE_TOLL_FREE");

    /** A use: service, its category ('' = the caller named none), amount, by reserve or meter; the lots that pay. */
    record Use(String name, Service service, String category, long amount, boolean meter, List<Charge> paid) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        var uses = List.of(
                new Use("voice: plan, then the calling commitment, then universal", Service.VOICE, "calling", 250, false,
                        charges("plan", 100, "calls", 100, "any", 50)),
                new Use("another calling service: the commitment, then universal", TOLL_FREE, "calling", 150, false,
                        charges("calls", 100, "any", 50)),
                new Use("an AI service: the AI commitment, then universal", Service.AI_AGENT, "ai", 150, false,
                        charges("ai", 100, "any", 50)),
                new Use("messaging: no commitment of its category, universal only", Service.SMS, "messaging", 50,
                        false, charges("any", 50)),
                new Use("no category named: only listed services and universal pay", Service.VOICE, "", 150, false,
                        charges("plan", 100, "any", 50)),
                new Use("metered voice: the same order", Service.VOICE, "calling", 250, true,
                        charges("plan", 100, "calls", 100, "any", 50)),
                new Use("metered beyond every lot: the rest is debt", TOLL_FREE, "calling", 260, true,
                        charges("calls", 100, "any", 100)));
        return LedgerCases.ledgers().flatMap(ledger -> uses.stream().map(use -> Arguments.of(ledger, use)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void lotsPayForTheirServicesAndCategoriesInBurnOrder(LedgerUnderTest ledger, Use use) {
        var book = book();
        var from = Book.T0.minus(Duration.ofDays(1));
        ledger.grant(book.grant(Book.lot("plan", LotKind.PLAN_ALLOWANCE, 100, Set.of(Service.VOICE),
                OptionalInt.empty(), from, Optional.empty())));
        ledger.grant(book.grant(Book.lot("calls", LotKind.COMMITMENT, 100, Set.of(Service.category("calling")),
                OptionalInt.empty(), from, Optional.empty())));
        ledger.grant(book.grant(Book.lot("ai", LotKind.COMMITMENT, 100, Set.of(Service.category("ai")),
                OptionalInt.empty(), from, Optional.empty())));
        ledger.grant(book.grant(Book.lot("any", LotKind.UNIVERSAL, 100, Set.of(), OptionalInt.empty(), from,
                Optional.empty())));

        List<Charge> paid;
        if (use.meter()) {
            var meter = book.meter(use.amount(), 1_000);
            var command = new Meter(meter.account(), meter.idempotencyKey(), meter.fingerprint(), meter.eventId(),
                    meter.sub(), use.service(), meter.amount(), meter.now(), meter.month(), meter.burn(),
                    meter.overdraftLimit(), meter.detail()).withCategory(use.category());
            var outcome = (MeterOutcome.Metered) ledger.meter(command);
            paid = outcome.charges();
            assertThat(outcome.debtIncurred()).isEqualTo(use.amount() - paid.stream().mapToLong(Charge::amount).sum());
        } else {
            paid = reserved(ledger.reserve(book.reserve(use.amount(), Optional.empty(), use.service(),
                    BurnPolicy.PLAN_FIRST).withCategory(use.category()))).charges();
        }

        assertThat(paid).containsExactlyElementsOf(use.paid());
        balanced(ledger, book);
    }
}
