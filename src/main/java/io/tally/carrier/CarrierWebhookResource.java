package io.tally.carrier;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.auth.Unauthenticated;
import io.tally.platform.Problem;
import io.tally.platform.ProblemException;
import io.tally.receipt.DeliveryStatus;
import io.tally.receipt.Receipt;
import io.tally.receipt.Receipts;
import io.vertx.core.http.HttpServerRequest;

/**
 * The URLs carriers call, one pair per connection. No API key: each request proves its origin by its carrier's own
 * scheme, checked on the request exactly as received (raw body, and the configured public URL followed by the path
 * and query as received). A refused request is 401 or 403 with a problem body, counted, and changes nothing.
 */
@Path("/v1/carriers/{carrier}/{connection}")
@Unauthenticated
class CarrierWebhookResource {
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final CarrierDirectory directory;
    private final InboundMessages inbound;
    private final Carriers carriers = new Carriers(new CarrierJson());
    private final Clock clock;
    private final CarrierConfig config;
    private final Map<Carrier, Map<Integer, Counter>> refused = new EnumMap<>(Carrier.class);
    private final Map<Carrier, Counter> receiptCounts = new EnumMap<>(Carrier.class);
    private final Receipts receipts;

    CarrierWebhookResource(CarrierDirectory directory, InboundMessages inbound, Receipts receipts, Clock clock,
            CarrierConfig config, MeterRegistry registry) {
        this.directory = directory;
        this.receipts = receipts;
        this.inbound = inbound;
        this.clock = clock;
        this.config = config;
        for (var carrier : Carrier.values()) {
            var byStatus = new LinkedHashMap<Integer, Counter>();
            for (int status : new int[] { 401, 403 }) {
                byStatus.put(status, Counter.builder("tally.carrier.webhooks.refused")
                        .description("Carrier webhooks refused for a missing (401) or wrong (403) proof")
                        .tag("carrier", carrier.label()).tag("status", Integer.toString(status))
                        .register(registry));
            }
            refused.put(carrier, byStatus);
            receiptCounts.put(carrier, Counter.builder("tally.carrier.receipts")
                    .description("Delivery receipts verified and read from carriers' webhooks")
                    .tag("carrier", carrier.label()).register(registry));
        }
    }

    /** View of what a webhook did. */
    record Accepted(int events, int metered, int replayed) {
    }

    @POST
    @Path("/inbound")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "Metered (or metered before); Twilio gets an empty TwiML answer")
    @APIResponse(responseCode = "401", description = "No proof of origin (signature header, credentials)")
    @APIResponse(responseCode = "403", description = "A wrong, stale or foreign proof of origin")
    @APIResponse(responseCode = "404", description = "No such connection, or no account owns the To number")
    public Uni<Response> inbound(@PathParam("carrier") String carrier, @PathParam("connection") String connection,
            HttpHeaders headers, HttpServerRequest request, byte[] body) {
        var receivedAt = clock.instant();
        return verified(carrier, connection, headers, request, body, receivedAt)
                .chain(verified -> {
                    var events = carriers.parse(verified.connection().carrier(), verified.webhook(), Hook.INBOUND,
                            receivedAt);
                    return meterAll(verified.connection(), events, receivedAt)
                            .map(outcomes -> answer(verified.connection().carrier(), events.size(), outcomes));
                });
    }

    @POST
    @Path("/status")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "Receipts verified and accepted")
    @APIResponse(responseCode = "401", description = "No proof of origin (signature header, credentials)")
    @APIResponse(responseCode = "403", description = "A wrong, stale or foreign proof of origin")
    @APIResponse(responseCode = "404", description = "No such connection")
    public Uni<Response> status(@PathParam("carrier") String carrier, @PathParam("connection") String connection,
            HttpHeaders headers, HttpServerRequest request, byte[] body) {
        var receivedAt = clock.instant();
        return verified(carrier, connection, headers, request, body, receivedAt)
                .chain(verified -> {
                    var events = carriers.parse(verified.connection().carrier(), verified.webhook(), Hook.STATUS,
                            receivedAt);
                    var reservation = verified.webhook().queryParameter("reservation").orElse(null);
                    return Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(event -> handOver(verified.connection(), event,
                                    reservation))
                            .collect().asList()
                            .map(done -> Response.ok(new Accepted(events.size(), 0, 0), MediaType.APPLICATION_JSON)
                                    .build());
                });
    }

    /**
     * The one place a receipt leaves this package: receipt handling settles the reservation (docs/receipts.md). The
     * carrier is answered 2xx only once Redis has recorded it; a failure answers 5xx and the carrier retries.
     *
     * @param reservation the reservation id the status URL carried ({@code ?reservation=}), or null
     */
    private Uni<Void> handOver(Connection connection, CarrierEvent event, String reservation) {
        receiptCounts.get(event.carrier()).increment();
        return receipts.apply(new Receipt(connection.account(), event.carrier().label(), connection.id(),
                event.messageId(), event.part(), event.parts(), deliveryStatus(event.status()), event.errorCode(),
                event.occurredAt(), event.segments(), reservation)).replaceWithVoid();
    }

    /** The carrier package's statuses carry the receipt package's names. */
    static DeliveryStatus deliveryStatus(ReceiptStatus status) {
        return DeliveryStatus.valueOf(status.name());
    }

    private record Verified(Connection connection, Webhook webhook) {
    }

    private Uni<Verified> verified(String carrier, String id, HttpHeaders headers, HttpServerRequest request,
            byte[] body, Instant now) {
        var kind = Carrier.parse(carrier).orElseThrow(() -> noConnection(carrier, id));
        var publicUrl = CarrierUrls.base(CarrierConfig.require(config.publicUrl(), "TALLY_PUBLIC_URL"));
        var webhook = new Webhook(publicUrl + request.uri(), headers.getRequestHeaders(), body == null ? new byte[0]
                : body);
        return directory.connection(id)
                .map(found -> {
                    var connection = found.filter(c -> c.carrier() == kind)
                            .orElseThrow(() -> noConnection(carrier, id));
                    if (carriers.verify(webhook, connection.credentials(), now) instanceof Verification.Refused no) {
                        refused.get(kind).get(no.status()).increment();
                        throw new ProblemException(Problem.of(no.status(),
                                no.status() == 401 ? "unauthenticated" : "forbidden",
                                no.status() == 401 ? "Unauthenticated" : "Forbidden", no.reason(), null));
                    }
                    return new Verified(connection, webhook);
                });
    }

    private Uni<List<InboundMessages.Outcome>> meterAll(Connection connection, List<CarrierEvent> events,
            Instant receivedAt) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> inbound.meter(connection.id(), event, receivedAt))
                .collect().asList();
    }

    private static Response answer(Carrier carrier, int events, List<InboundMessages.Outcome> outcomes) {
        var unmatched = outcomes.stream().filter(o -> o == InboundMessages.Outcome.UNMATCHED).count();
        if (unmatched > 0) {
            throw new ProblemException(Problem.of(404, "number-not-assigned", "Number not assigned",
                    "no account owns the To number; the message is kept and metered once the number is assigned",
                    "to"));
        }
        if (carrier == Carrier.TWILIO) {
            return Response.ok(EMPTY_TWIML, MediaType.APPLICATION_XML).build();
        }
        int metered = (int) outcomes.stream().filter(o -> o == InboundMessages.Outcome.METERED).count();
        return Response.ok(new Accepted(events, metered, events - metered), MediaType.APPLICATION_JSON).build();
    }

    private static ProblemException noConnection(String carrier, String id) {
        return new ProblemException(Problem.of(404, "not-found", "Not found",
                "no " + carrier.toLowerCase(Locale.ROOT) + " connection " + id, null));
    }
}
