package io.tally.account;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.BillingCycle;
import io.tally.ledger.Cycles;

/** The billing cycles the ledger's sweeper asks for, from the cached account settings. */
@Singleton
class AccountCycles implements Cycles {
    private final AccountDirectory directory;

    AccountCycles(AccountDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Uni<BillingCycle> of(String account) {
        return directory.profile(account)
                .map(profile -> profile.orElseThrow(() -> new IllegalStateException("no account " + account)))
                .map(profile -> profile.account().cycle());
    }
}
