package io.tally.metering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.ledger.Charge;
import io.tally.ledger.Limit;
import io.tally.ledger.ReserveOutcome;
import io.tally.platform.Labels;
import io.tally.platform.Problem;
import io.tally.platform.ProblemException;
import io.tally.pricing.Credits;
import io.tally.pricing.Price;

/** The answer to a reservation: what was held (201), or the problem that stopped it, thrown. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReservationView(String reservationId, String account, String subAccount, String service,
        SegmentsView segmentation, PriceView price, List<ChargeView> charges, BigDecimal available, Instant deadline,
        boolean replayed) {

    record SegmentsView(String encoding, int segments, int units) {
    }

    /** @param rateSubType the sub-type of the rate that priced the use; absent for a rate without one */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PriceView(String country, long quantity, long billed, BigDecimal rate, BigDecimal cost, String card,
            String rateSubType) {
        static PriceView of(Price price) {
            return new PriceView(price.country(), price.quantity(), price.billed(),
                    Credits.decimal(price.rateMicros()), Credits.decimal(price.costMicros()), price.card().label(),
                    price.rateSubType().orElse(null));
        }
    }

    record ChargeView(String lot, BigDecimal amount) {
        static List<ChargeView> of(List<Charge> charges) {
            return charges.stream().map(c -> new ChargeView(c.lotId(), Credits.decimal(c.amount()))).toList();
        }
    }

    static ReservationView of(Metering.Reservation reservation) {
        var priced = reservation.priced();
        if (reservation.outcome() instanceof ReserveOutcome.Reserved held) {
            return new ReservationView(held.reservationId(), priced.profile().account().id(),
                    priced.request().subAccount(), priced.service().label(),
                    priced.segments().map(s -> new SegmentsView(s.encoding().label(), s.segments(), s.units()))
                            .orElse(null),
                    PriceView.of(priced.price()), ChargeView.of(held.charges()),
                    Credits.decimal(held.available()), held.deadline(), held.replayed());
        }
        if (reservation.outcome() instanceof ReserveOutcome.Insufficient refused) {
            throw insufficient(refused.limit(), refused.available(), priced.price().costMicros());
        }
        throw conflict();
    }

    /** 402 naming the limit that refused, what it allows and what was needed. */
    static ProblemException insufficient(Limit limit, long available, long required) {
        return new ProblemException(Problem.of(402, "insufficient-credit", "Insufficient credit",
                "the " + Labels.of(limit) + " allows " + Credits.decimal(available) + " credits, "
                        + Credits.decimal(required) + " needed",
                null)
                .with(Map.of("limit", Labels.of(limit), "available", Credits.decimal(available),
                        "required", Credits.decimal(required))));
    }

    static ProblemException conflict() {
        return ProblemException.conflict("idempotency-conflict",
                "this idempotencyKey was used with a different request", "idempotencyKey");
    }
}
