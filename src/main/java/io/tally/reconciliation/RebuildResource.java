package io.tally.reconciliation;

import static io.tally.auth.Role.OPERATOR;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;

/** Disaster recovery: an account's Redis state rewritten from its ledger entries in PostgreSQL. */
@Path("/v1/accounts/{account}/rebuild")
class RebuildResource {
    private final Reconciler reconciler;

    RebuildResource(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @POST
    @Allowed({ OPERATOR })
    public Uni<RebuildView> rebuild(@PathParam("account") String account) {
        return reconciler.rebuild(account)
                .map(RebuildView::of);
    }
}
