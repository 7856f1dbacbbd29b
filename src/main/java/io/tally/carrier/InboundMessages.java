package io.tally.carrier;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.ledger.MeterOutcome;
import io.tally.metering.Metering;
import io.tally.segmentation.Segmenter;
import io.tally.segmentation.TextField;

/**
 * Meters carriers' inbound messages on the account owning their {@code To} number: idempotent by (carrier, carrier
 * message id), never refused for want of credit or for the text. A message to a number no account owns is kept (and
 * counted) until the number is assigned, then metered.
 */
@Singleton
public class InboundMessages {
    /** What became of an inbound message. */
    enum Outcome {
        METERED,
        REPLAYED,
        UNMATCHED
    }

    private final Metering metering;
    private final CarrierDirectory directory;
    private final UnmatchedRepository unmatched;
    private final Clock clock;
    private final Map<Carrier, Map<Outcome, Counter>> counters = new EnumMap<>(Carrier.class);

    InboundMessages(Metering metering, CarrierDirectory directory, UnmatchedRepository unmatched, Clock clock,
            MeterRegistry registry) {
        this.metering = metering;
        this.directory = directory;
        this.unmatched = unmatched;
        this.clock = clock;
        for (var carrier : Carrier.values()) {
            var byOutcome = new EnumMap<Outcome, Counter>(Outcome.class);
            for (var outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("tally.carrier.inbound")
                        .description("Inbound messages from carriers' webhooks, by what became of them")
                        .tag("carrier", carrier.label())
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
            counters.put(carrier, byOutcome);
        }
    }

    Uni<Outcome> meter(String connection, CarrierEvent event, Instant receivedAt) {
        return directory.number(event.to())
                .chain(owner -> owner.isEmpty()
                        ? unmatched.record(connection, event, receivedAt).replaceWith(Outcome.UNMATCHED)
                        : meter(connection, owner.get(), event))
                .invoke(outcome -> counters.get(event.carrier()).get(outcome).increment());
    }

    /** Meters the kept messages to these numbers, now assigned; answers how many. */
    Uni<Integer> meterUnmatched(List<AssignedNumber> assigned) {
        if (assigned.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        var byNumber = new HashMap<String, AssignedNumber>();
        assigned.forEach(n -> byNumber.put(n.number(), n));
        return unmatched.openFor(List.copyOf(byNumber.keySet()))
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(kept -> meter(kept.connection(), byNumber.get(kept.event().to()),
                        kept.event())
                        .call(() -> unmatched.metered(kept.event(), clock.instant())))
                .collect().asList()
                .map(List::size);
    }

    private Uni<Outcome> meter(String connection, AssignedNumber owner, CarrierEvent event) {
        return metering.meterInbound(use(connection, owner, event))
                .map(outcome -> outcome instanceof MeterOutcome.Metered metered && !metered.replayed()
                        ? Outcome.METERED
                        // A conflict is the same carrier message id metered with other content: it was metered.
                        : Outcome.REPLAYED);
    }

    static Metering.InboundUse use(String connection, AssignedNumber owner, CarrierEvent event) {
        var text = event.text();
        Long units = null;
        if (text == null || text.length() > TextField.MAX_LENGTH || Segmenter.validate(text).isPresent()) {
            // No text, or one no SMS can hold: the carrier's segment count, else one message.
            text = null;
            units = event.segments() == null ? 1L : event.segments().longValue();
        }
        Map<String, Object> metadata = Map.of("carrier", event.carrier().label(), "carrierMessageId",
                event.messageId(), "connection", connection);
        return new Metering.InboundUse(connection, InboundKeys.of(event.carrier(), event.messageId()), owner.account(),
                owner.subAccount(), event.from(), event.to(), text, units, owner.product(), owner.user(), metadata);
    }
}
