package io.tally.reconciliation;

import static io.tally.auth.Role.OPERATOR;

import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.platform.Refusal;

/**
 * Disaster recovery: the ledger partitions Redis lost, restored from PostgreSQL one bounded step per call; call
 * again until {@code open} (docs/ledger.md "Losing Redis").
 */
@Path("/v1/ledger/restore")
class RestoreResource {
    static final int DEFAULT_ACCOUNTS = 100;
    static final int MAX_ACCOUNTS = 1000;

    private final LedgerRestore restore;

    RestoreResource(LedgerRestore restore) {
        this.restore = restore;
    }

    /** What one step did; {@code after} is where the next one goes on ('' once the walk is over). */
    record RestoreView(boolean open, List<Integer> restoring, int accounts, int holds, String after,
            List<String> unrestorable) {
        static RestoreView of(LedgerRestore.Step step) {
            return new RestoreView(step.open(), step.restoring(), step.accounts(), step.holds(), step.after(),
                    step.unrestorable());
        }
    }

    @POST
    @Allowed({ OPERATOR })
    public Uni<RestoreView> restore(@QueryParam("accounts") String accounts) {
        return restore.step(accounts(accounts)).map(RestoreView::of);
    }

    private static int accounts(String value) {
        if (value == null) {
            return DEFAULT_ACCOUNTS;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= MAX_ACCOUNTS) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.invalid("accounts", "accounts: a whole number from 1 to " + MAX_ACCOUNTS);
    }
}
