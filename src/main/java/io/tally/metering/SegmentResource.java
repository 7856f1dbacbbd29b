package io.tally.metering;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.util.Optional;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.SegmentationSettings;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Scopes;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;
import io.tally.pricing.Destination;
import io.tally.pricing.Direction;
import io.tally.pricing.RateCards;
import io.tally.pricing.ServiceName;
import io.tally.segmentation.Segmenter;
import io.tally.segmentation.TextField;

/**
 * Previews how a text is split and what it costs in segments. Any caller with a key may use it; naming an
 * account (in the caller's scope) applies that account's segmentation settings, and with a destination ({@code to})
 * the preview also prices the segments as outbound SMS for that account. Missing rates never fail a preview: the
 * answer then carries a {@code priceNote} instead of a {@code price}.
 */
@Path("/v1/segments")
class SegmentResource {
    private final AccountDirectory accounts;
    private final RateCards rates;
    private final CurrentCaller caller;

    SegmentResource(AccountDirectory accounts, RateCards rates, CurrentCaller caller) {
        this.accounts = accounts;
        this.rates = rates;
        this.caller = caller;
    }

    @POST
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The segments, and their price when asked for", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<SegmentView> preview(SegmentRequest body) {
        var request = Fields.body(body);
        Fields.required("text", request.text());
        var destination = request.destination();
        return settings(request)
                .map(settings -> request.toOptions(settings, destination))
                .map(options -> SegmentView.of(TextField.segment("text", request.text(),
                        text -> Segmenter.analyze(text, options)), options, destination))
                .chain(view -> price(view, request.accountId(), destination));
    }

    private Uni<SegmentView> price(SegmentView view, Optional<String> account, Optional<Destination> destination) {
        if (account.isEmpty() || destination.isEmpty()) {
            return Uni.createFrom().item(view);
        }
        var country = destination.get().country();
        return rates.forAccount(account.get())
                .map(list -> list.price(ServiceName.SMS, Direction.OUTBOUND, country, view.segments()))
                .map(view::priced);
    }

    private Uni<SegmentationSettings> settings(SegmentRequest request) {
        var account = request.accountId();
        if (account.isEmpty()) {
            return Uni.createFrom().item(SegmentationSettings.DEFAULT);
        }
        var id = account.get();
        Scopes.requireAccount(caller.get(), id);
        return accounts.profile(id)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + id)))
                .map(profile -> profile.account().segmentation());
    }
}
