package io.tally.carrier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tally.platform.Refusal;

/**
 * Bandwidth Messaging v2, proven by basic credentials: a JSON list of events ({@code message-received},
 * {@code message-delivered}, {@code message-failed}, {@code message-sending}), each with its {@code message}.
 */
final class Bandwidth implements CarrierAdapter {
    private final JsonReader json;

    Bandwidth(JsonReader json) {
        this.json = json;
    }

    @Override
    public Verification verify(Webhook webhook, Credentials credentials, Instant now) {
        var basic = (Credentials.Basic) credentials;
        return BasicAuth.verify(webhook, basic.username(), basic.password());
    }

    @Override
    public List<CarrierEvent> parse(Webhook webhook, Hook hook, Instant receivedAt) {
        // Bandwidth posts a JSON list of events.
        if (!(json.value(webhook.body()) instanceof List<?> list) || list.isEmpty()) {
            throw Refusal.invalid("body", "body: a list of Bandwidth message events");
        }
        var body = new Payload(Map.of("events", list));
        var events = new ArrayList<CarrierEvent>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw Refusal.invalid("body", "body: a list of Bandwidth message events");
            }
            events.add(event(body, "events." + i, hook, receivedAt));
        }
        return events;
    }

    private static CarrierEvent event(Payload body, String at, Hook hook, Instant receivedAt) {
        var type = body.required(at + ".type");
        var id = body.required(at + ".message.id");
        var time = body.instant(at + ".time");
        var when = time == null ? receivedAt : time;
        var segments = body.integer(at + ".message.segmentCount");
        var from = Payload.number(body.text(at + ".message.from"));
        var to = Payload.number(body.text(at + ".to"));
        if (hook == Hook.INBOUND) {
            if (!type.equals("message-received")) {
                throw Refusal.invalid("type", "type: the inbound URL takes message-received; send " + type
                        + " to the status URL");
            }
            return CarrierEvent.inbound(Carrier.BANDWIDTH, id, when, segments, null, null, from, to,
                    body.text(at + ".message.text"));
        }
        var error = body.text(at + ".errorCode");
        return new CarrierEvent(Carrier.BANDWIDTH, id, 1, segments, status(type), error, when, segments, null, null,
                from, to, null);
    }

    static ReceiptStatus status(String type) {
        return switch (type) {
            case "message-sending" -> ReceiptStatus.ACCEPTED;
            case "message-delivered" -> ReceiptStatus.DELIVERED;
            case "message-failed" -> ReceiptStatus.FAILED;
            default -> ReceiptStatus.UNKNOWN;
        };
    }
}
