package io.tally.fee;

import java.time.Instant;
import java.util.List;

import io.tally.platform.Labels;
import io.tally.pricing.CreditAmount;

/** A fee as the API shows it; {@code quantity} null for a number rental that counts the numbers. */
public record FeeView(String id, String account, String subAccount, String name, String kind, String service,
        CreditAmount amount, Long quantity, String period, Instant startsAt, Instant endsAt, Instant nextDue,
        Instant createdAt, Instant updatedAt) {

    static FeeView of(Fee fee) {
        return new FeeView(fee.id(), fee.account(), fee.subAccount().orElse(null), fee.name(), Labels.of(fee.kind()),
                fee.service(), new CreditAmount(fee.amount()),
                fee.quantity().isPresent() ? fee.quantity().getAsLong() : null,
                fee.months() % 12 == 0 ? "P" + fee.months() / 12 + "Y" : "P" + fee.months() + "M", fee.startsAt(),
                fee.endsAt().orElse(null), fee.nextDue().orElse(null), fee.createdAt(), fee.updatedAt());
    }

    /** An account's fees, by id. */
    public record Page(List<FeeView> fees) {
    }

    /** A period charged. */
    public record ChargeView(Instant periodStart, Instant periodEnd, long quantity, CreditAmount amount,
            String idempotencyKey, CreditAmount debtIncurred, Instant chargedAt) {
        static ChargeView of(FeeCharge charge) {
            return new ChargeView(charge.periodStart(), charge.periodEnd(), charge.quantity(),
                    new CreditAmount(charge.amount()), charge.idempotencyKey(), new CreditAmount(charge.debtIncurred()),
                    charge.chargedAt());
        }
    }

    /** A fee's charges, the latest period first. */
    public record Charges(List<ChargeView> charges) {
    }
}
