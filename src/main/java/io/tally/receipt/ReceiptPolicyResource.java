package io.tally.receipt;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Scopes;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/** What an account's delivery statuses do to the holds of their messages (docs/receipts.md "Policy"). */
@Path("/v1/accounts/{account}/receipt-policy")
class ReceiptPolicyResource {
    private final ReceiptPolicies policies;
    private final CurrentCaller caller;

    ReceiptPolicyResource(ReceiptPolicies policies, CurrentCaller caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The policy (the default when the account set none)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReceiptPolicyView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<ReceiptPolicyView> get(@PathParam("account") String account) {
        Scopes.requireWholeAccount(caller.get(), account);
        return policies.stored(account)
                .map(found -> ReceiptPolicyView.of(found.orElseThrow(() -> Refusal.notFound("no account " + account))));
    }

    @PUT
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "Replaced; statuses left out take the default's action", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReceiptPolicyView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<ReceiptPolicyView> replace(@PathParam("account") String account, ReceiptPolicyRequest body) {
        Scopes.requireWholeAccount(caller.get(), account);
        var policy = Fields.body(body).toPolicy();
        return policies.replace(account, policy)
                .map(written -> {
                    if (!written) {
                        throw Refusal.notFound("no account " + account);
                    }
                    return ReceiptPolicyView.of(policy);
                });
    }
}
