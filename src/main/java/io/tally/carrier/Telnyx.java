package io.tally.carrier;

import java.time.Instant;
import java.util.List;

import io.tally.platform.Refusal;

/**
 * Telnyx Messaging v2: JSON {@code {"data": {"event_type", "occurred_at", "payload": {...}}}}; inbound messages are
 * {@code message.received}, receipts {@code message.sent} and {@code message.finalized} with the recipient's status
 * in {@code payload.to[0].status}.
 */
final class Telnyx implements CarrierAdapter {
    private final JsonReader json;

    Telnyx(JsonReader json) {
        this.json = json;
    }

    @Override
    public Verification verify(Webhook webhook, Credentials credentials, Instant now) {
        return TelnyxSignature.verify(webhook, ((Credentials.TelnyxKey) credentials).publicKey(), now);
    }

    @Override
    public List<CarrierEvent> parse(Webhook webhook, Hook hook, Instant receivedAt) {
        var body = new Payload(json.read(webhook.body()));
        var type = body.required("data.event_type");
        var id = body.required("data.payload.id");
        var occurred = body.instant("data.occurred_at");
        var at = occurred == null ? receivedAt : occurred;
        var segments = body.integer("data.payload.parts");
        var price = body.text("data.payload.cost.amount");
        var currency = body.text("data.payload.cost.currency");
        var from = Payload.number(body.text("data.payload.from.phone_number"));
        var to = Payload.number(body.text("data.payload.to.0.phone_number"));
        if (hook == Hook.INBOUND) {
            if (!type.equals("message.received")) {
                throw Refusal.invalid("data.event_type", "data.event_type: the inbound URL takes message.received;"
                        + " send " + type + " to the status URL");
            }
            return List.of(CarrierEvent.inbound(Carrier.TELNYX, id, at, segments, price, currency, from, to,
                    body.text("data.payload.text")));
        }
        var status = status(body.required("data.payload.to.0.status"));
        var error = body.text("data.payload.errors.0.code");
        return List.of(new CarrierEvent(Carrier.TELNYX, id, 1, segments, status, error, at, segments, price,
                currency, from, to, null));
    }

    static ReceiptStatus status(String status) {
        return switch (status) {
            case "queued", "sending" -> ReceiptStatus.ACCEPTED;
            case "sent", "delivery_unconfirmed" -> ReceiptStatus.SENT;
            case "delivered" -> ReceiptStatus.DELIVERED;
            case "delivery_failed" -> ReceiptStatus.UNDELIVERED;
            case "sending_failed" -> ReceiptStatus.FAILED;
            default -> ReceiptStatus.UNKNOWN;
        };
    }
}
