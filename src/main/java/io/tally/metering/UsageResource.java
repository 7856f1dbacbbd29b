package io.tally.metering;

import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.math.BigDecimal;
import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.ledger.MeterOutcome;
import io.tally.platform.Fields;
import io.tally.pricing.Credits;

/**
 * Charges a use that already happened (an inbound message, a call, fax pages, AI sessions). Never refused for want
 * of credit: what the lots cannot pay becomes debt, flagged {@code overLimit} past the account's overdraft limit.
 */
@Path("/v1/usage")
class UsageResource {
    private final Metering metering;
    private final CurrentCaller caller;

    UsageResource(Metering metering, CurrentCaller caller) {
        this.metering = metering;
        this.caller = caller;
    }

    @POST
    @Allowed({ OPERATOR, SERVICE })
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Charged: from which lots, and the debt it incurred", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeteredView.class)))
    @APIResponse(responseCode = "404", description = "No such account or sub-account")
    @APIResponse(responseCode = "409", description = "This idempotencyKey was used with a different request")
    @APIResponse(responseCode = "422", description = "No rate prices this destination")
    public Uni<MeteredView> meter(UsageRequest body) {
        return metering.meter(Fields.body(body), caller.get())
                .map(UsageResource::respond);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MeteredView(String account, String subAccount, String service, String direction,
            ReservationView.SegmentsView segmentation, ReservationView.PriceView price,
            List<ReservationView.ChargeView> charges, BigDecimal debtIncurred, BigDecimal debt, boolean overLimit,
            boolean replayed) {
    }

    private static MeteredView respond(Metering.Metered metered) {
        if (!(metered.outcome() instanceof MeterOutcome.Metered charged)) {
            throw ReservationView.conflict();
        }
        var priced = metered.priced();
        return new MeteredView(priced.profile().account().id(),
                priced.request().subAccount(), priced.service().label(), priced.direction().label(),
                priced.segments().map(s -> new ReservationView.SegmentsView(s.encoding().label(), s.segments(),
                        s.units())).orElse(null),
                ReservationView.PriceView.of(priced.price()), ReservationView.ChargeView.of(charged.charges()),
                Credits.decimal(charged.debtIncurred()), Credits.decimal(charged.debt()), charged.overLimit(),
                charged.replayed());
    }
}
