package io.tally.ledger;

import io.smallrye.mutiny.Uni;

/**
 * Where the sweeper learns an account's billing cycle (kept with the account's settings, outside the ledger), to
 * compute each lot's next refresh boundary. Fails when the account is unknown.
 */
public interface Cycles {
    Uni<BillingCycle> of(String account);
}
