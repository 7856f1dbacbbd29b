package io.tally.receipt;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.ledger.Ledger;
import io.tally.ledger.LedgerCall;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.Settle;
import io.tally.ledger.SettleOutcome;
import io.tally.platform.JsonObject;
import io.tally.platform.Labels;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;

/**
 * Delivery receipts settle holds (docs/receipts.md): a carrier message is mapped to its reservation (a dispatch, or
 * the reservation id in the status callback URL), each receipt records its part's status in Redis, and once every
 * part has a status the account's policy acts on, the message's outcome is decided there, atomically and once, and
 * the hold settled through the ledger's settle (itself once: duplicates and concurrent receipts settle once). A
 * receipt whose status URL named its reservation does all of it in one script, so one round trip to Redis; others
 * settle with a second. Receipts that come before their mapping are parked and apply when it arrives.
 */
@Singleton
public class Receipts {
    private final Ledger ledger;
    private final RedisReceipts redis;
    private final ReceiptPolicies policies;
    private final ReceiptsConfig config;
    private final Clock clock;
    private final Counter parked;
    private final Counter recorded;
    private final Counter settled;

    Receipts(Ledger ledger, RedisReceipts redis, ReceiptPolicies policies, ReceiptsConfig config, Clock clock,
            MeterRegistry registry) {
        this.ledger = ledger;
        this.redis = redis;
        this.policies = policies;
        this.config = config;
        this.clock = clock;
        this.parked = applied(registry, "parked");
        this.recorded = applied(registry, "recorded");
        this.settled = applied(registry, "settled");
    }

    private static Counter applied(MeterRegistry registry, String outcome) {
        return Counter.builder("tally.receipts.applied").description("Delivery receipts recorded, by what they did")
                .tag("outcome", outcome).register(registry);
    }

    /**
     * Records one receipt and, when it completes its message, settles the message's hold. Answers only after Redis
     * recorded it; a failure (Redis unreachable: 503) means nothing is known to be recorded, and the carrier's retry
     * is safe. An invalid receipt is a 400 naming the field.
     */
    public Uni<ReceiptOutcome> apply(Receipt receipt) {
        var checked = ReceiptFields.check(receipt);
        var now = clock.instant();
        return policies.of(checked.account())
                .chain(policy -> redis.run(call(checked, policy, now)))
                .chain(state -> outcome(checked.account(), checked.carrier(), checked.messageId(), state, now));
    }

    /**
     * The pipeline's word that the carrier accepted {@code messageId} for reservation {@code reservationId}: receipts
     * of the message settle that hold, those parked for it at once. Idempotent; a message already mapped to another
     * reservation is a 409, an unknown reservation a 404.
     */
    Uni<DispatchView> dispatch(String reservationId, DispatchRequest request, Caller caller) {
        var account = LedgerKeys.accountOf(reservationId)
                .orElseThrow(() -> Refusal.notFound("no reservation " + reservationId));
        Scopes.requireAccount(caller, account);
        var carrier = ReceiptFields.carrier(request.carrier());
        var messageId = ReceiptFields.messageId(request.messageId());
        var parts = ReceiptFields.parts(request.parts());
        var now = clock.instant();
        return policies.of(account)
                .chain(policy -> redis.run(new DispatchCall(account, carrier, messageId, reservationId, parts, now,
                        config.retention(), policy, redis.layout())))
                .chain(state -> switch (state.stage()) {
                    case CONFLICT -> throw ProblemException.conflict("already-dispatched", "messageId: carrier message "
                            + messageId + " was dispatched for reservation " + state.reservation(), "messageId");
                    case NO_RESERVATION -> throw Refusal.notFound("no reservation " + reservationId);
                    default -> outcome(account, carrier, messageId, state, now);
                })
                .map(outcome -> DispatchView.of(reservationId, carrier, messageId, outcome));
    }

    /**
     * receipt-settle.lua for a receipt whose status URL named a reservation of its account (it maps the message, and
     * settles the hold when the receipt decides it, with the event id and delivery the separate settle would get);
     * receipt.lua for any other (a URL naming another account's reservation maps nothing).
     */
    private LedgerCall<MessageState> call(Receipt receipt, ReceiptPolicy policy, Instant now) {
        var recorded = new ReceiptCall(receipt, now, config.parkingTtl(), policy, redis.layout());
        var reservation = receipt.reservation();
        if (reservation == null || !LedgerKeys.accountOf(reservation).map(receipt.account()::equals).orElse(false)) {
            return recorded;
        }
        return new ReceiptSettleCall(recorded, config.retention(),
                eventId(receipt.account(), receipt.carrier(), receipt.messageId(), reservation), redis.settledKept(),
                delivery(receipt.carrier(), receipt.messageId()).toString());
    }

    private Uni<ReceiptOutcome> outcome(String account, String carrier, String messageId, MessageState state,
            Instant now) {
        return switch (state.stage()) {
            case SETTLED -> Uni.createFrom().<ReceiptOutcome> item(new ReceiptOutcome.Settled(state.reservation(),
                    state.settle()))
                    .invoke(() -> settled.increment());
            case DECIDED -> settle(account, carrier, messageId, state, now)
                    .invoke(() -> settled.increment())
                    .map(outcome -> new ReceiptOutcome.Settled(state.reservation(), outcome));
            case OPEN -> Uni.createFrom().<ReceiptOutcome> item(new ReceiptOutcome.Recorded(state.reservation()))
                    .invoke(() -> recorded.increment());
            default -> Uni.createFrom().<ReceiptOutcome> item(new ReceiptOutcome.Parked())
                    .invoke(() -> parked.increment());
        };
    }

    /**
     * Settles the message's hold as decided, with the ledger's settle. The event id is derived from the message and
     * its reservation, never from the receipt: whichever receipt (or dispatch) gets here, and however often, asks for
     * the same settle, and settle.lua settles a hold once.
     */
    private Uni<SettleOutcome> settle(String account, String carrier, String messageId, MessageState state,
            Instant now) {
        var decision = state.decision();
        var delivery = delivery(carrier, messageId)
                .put("status", Labels.of(decision.status()))
                .toString();
        return ledger.settle(new Settle(state.reservation(), decision.action(),
                decision.finalAmount(state.amount(), state.units()), eventId(account, carrier, messageId,
                        state.reservation()),
                now, "\"delivery\":" + delivery));
    }

    /** The settle event id of a message's hold: the same for every receipt and dispatch of the message. */
    private static String eventId(String account, String carrier, String messageId, String reservation) {
        return UUID.nameUUIDFromBytes(("receipt:" + ReceiptKeys.member(account, carrier, messageId) + ":"
                + reservation).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The usage record's delivery: carrier and message id, then its status (added here for the ledger's settle, by
     * receipt-settle.lua for its own).
     */
    private static JsonObject delivery(String carrier, String messageId) {
        return new JsonObject()
                .put("carrier", carrier)
                .put("messageId", messageId);
    }
}
