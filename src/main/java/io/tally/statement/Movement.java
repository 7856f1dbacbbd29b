package io.tally.statement;

/**
 * The summed ledger entries of one type, service and lot kind (of grants), either before the period ({@code before})
 * or in it. The deltas are those of {@code ledger_entries} (docs/usage.md "Ledger entries"): {@code lots} is the sum of
 * {@code lot_deltas}; {@code expired} is what renewals ({@code refresh-credits}) expired before granting the cycle's
 * credits again (their {@code extra->>'expired'}), zero for every other type.
 */
public record Movement(boolean before, String type, String service, String kind, long lots, long held, long debt,
        long spent, long alloc, long pool, long expired) {

    /** The change of what the account owns: its lots' credits, held credits included, less its debt. */
    long balance() {
        return lots + held - debt;
    }
}
