package io.tally.reconciliation;

import static io.tally.auth.Role.OPERATOR;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;

/** The differences between an account's Redis state and its ledger entries in PostgreSQL. */
@Path("/v1/accounts/{account}/reconciliation")
class ReconciliationResource {
    private final Reconciler reconciler;

    ReconciliationResource(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @GET
    @Allowed({ OPERATOR })
    public Uni<ReconciliationView> reconcile(@PathParam("account") String account) {
        return reconciler.reconcile(account)
                .map(ReconciliationView::of);
    }
}
