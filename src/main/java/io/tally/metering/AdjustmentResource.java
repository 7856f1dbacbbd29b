package io.tally.metering;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import java.math.BigDecimal;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.Fields;

/**
 * Adjustments (docs/ledger.md "Adjustments"): credit or debit the account's pool or a sub-account's allocation, or
 * void a lot. Operators always; company admins only where the account's {@code ledger.adjustmentsByAdmins} allows it.
 */
@Path("/v1/accounts/{account}/adjustments")
class AdjustmentResource {
    private final Adjustments adjustments;
    private final CurrentCaller caller;

    AdjustmentResource(Adjustments adjustments, CurrentCaller caller) {
        this.adjustments = adjustments;
        this.caller = caller;
    }

    @POST
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Adjusted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdjustmentView.class)))
    @APIResponse(responseCode = "402", description = "A debit larger than the pool, the allocation or the usable credits")
    @APIResponse(responseCode = "403", description = "A company admin of an account that does not allow its admins adjustments")
    @APIResponse(responseCode = "404", description = "No such account, sub-account or lot")
    @APIResponse(responseCode = "409", description = "This idempotencyKey was used with a different request")
    public Uni<AdjustmentView> adjust(@PathParam("account") String account, AdjustmentRequest body) {
        return adjustments.adjust(account, Fields.body(body), caller.get());
    }

    /**
     * {@code type}: {@code credit} or {@code debit} (with {@code amount}, and {@code subAccount} for an allocated
     * sub-account's allocation instead of the pool), or {@code void} (with {@code lot}); {@code reason} always.
     */
    record AdjustmentRequest(String idempotencyKey, String type, String amount, String subAccount, String lot,
            String reason) {
    }

    /**
     * What the adjustment did: {@code amount} the credits credited, debited or voided, {@code lot} the lot a credit
     * added or a void voided, the pool and the sub-account's allocation after, the debt a credit paid, and who made
     * it ({@code by}: the key id).
     */
    record AdjustmentView(String type, BigDecimal amount, String lot, String subAccount, BigDecimal pool,
            BigDecimal allocation, BigDecimal debtPaid, String by, boolean replayed) {
    }
}
