package io.tally.fee;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A recurring fee of an account (docs/ledger.md "Recurring fees"): {@code amount} micro-credits per unit, charged
 * for every period of {@code months} months of the account's billing cycle that starts at or after
 * {@code startsAt} (and before {@code endsAt}), as a use of {@code service} of the catalogue. The units are
 * {@code quantity}, or for a number rental without one, the numbers the directory holds for the account (or its
 * sub-account) when the period is charged. {@code nextDue} is the start of the next period to charge, empty when
 * none will be.
 */
public record Fee(String account, String id, Optional<String> subAccount, String name, FeeKind kind, String service,
        long amount, OptionalLong quantity, int months, Instant startsAt, Optional<Instant> endsAt,
        Optional<Instant> nextDue, Instant createdAt, Instant updatedAt) {

    public Fee {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subAccount, "subAccount");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(quantity, "quantity");
        if (months <= 0) {
            throw new IllegalArgumentException("a fee's period is at least one month: " + months);
        }
        if (quantity.isEmpty() && kind != FeeKind.NUMBER_RENTAL) {
            throw new IllegalArgumentException("only a number rental counts its units from the directory");
        }
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(nextDue, "nextDue");
    }

    /** Whether the units are the numbers of the directory, counted when each period is charged. */
    public boolean countsNumbers() {
        return quantity.isEmpty();
    }
}
