package io.tally.carrier;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.tally.platform.Refusal;

/**
 * Vonage: the SMS API (query or form parameters, or flat JSON: {@code msisdn}, {@code to}, {@code messageId},
 * {@code text}; receipts add {@code status}, {@code err-code}, {@code price}) signed with {@code sig}, and the
 * Messages API (JSON with {@code message_uuid}) signed with a bearer JWT.
 */
final class Vonage implements CarrierAdapter {
    private static final DateTimeFormatter MESSAGE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final JsonReader json;

    Vonage(JsonReader json) {
        this.json = json;
    }

    @Override
    public Verification verify(Webhook webhook, Credentials credentials, Instant now) {
        var secret = (Credentials.VonageSecret) credentials;
        if (webhook.header("authorization").isPresent()) {
            return VonageSignature.verifyJwt(webhook, secret.signatureSecret(), now, json);
        }
        return VonageSignature.verifySms(VonageSignature.parameters(webhook, json), secret.signatureSecret(),
                secret.signatureMethod(), now);
    }

    @Override
    public List<CarrierEvent> parse(Webhook webhook, Hook hook, Instant receivedAt) {
        if (webhook.isJson()) {
            var body = json.read(webhook.body());
            if (body.containsKey("message_uuid")) {
                return List.of(messagesApi(new Payload(body), hook, receivedAt));
            }
        }
        return List.of(smsApi(VonageSignature.parameters(webhook, json), hook, receivedAt));
    }

    private static CarrierEvent smsApi(Map<String, String> p, Hook hook, Instant receivedAt) {
        var id = required(p, "messageId");
        var at = messageTimestamp(p.get("message-timestamp"), receivedAt);
        if (hook == Hook.INBOUND) {
            var part = Payload.integer("concat-part", p.get("concat-part"));
            var total = Payload.integer("concat-total", p.get("concat-total"));
            // A long inbound message comes one webhook per part, each with its own messageId: each is metered.
            return new CarrierEvent(Carrier.VONAGE, id, part == null ? 1 : part, total, null, null, at, null, null,
                    null, Payload.number(p.get("msisdn")), Payload.number(p.get("to")), p.get("text"));
        }
        var error = p.get("err-code");
        return new CarrierEvent(Carrier.VONAGE, id, 1, null, smsStatus(required(p, "status")),
                error == null || error.isBlank() || error.equals("0") ? null : error, at, null, p.get("price"), null,
                Payload.number(p.get("to")), Payload.number(p.get("msisdn")), null);
    }

    private static CarrierEvent messagesApi(Payload body, Hook hook, Instant receivedAt) {
        var id = body.required("message_uuid");
        var timestamp = body.instant("timestamp");
        var at = timestamp == null ? receivedAt : timestamp;
        var from = Payload.number(body.text("from"));
        var to = Payload.number(body.text("to"));
        var price = body.text("usage.price");
        var currency = body.text("usage.currency");
        if (hook == Hook.INBOUND) {
            var segments = body.integer("sms.num_messages");
            return CarrierEvent.inbound(Carrier.VONAGE, id, at, segments, price, currency, from, to, body.text("text"));
        }
        var segments = body.integer("sms.count_total");
        return new CarrierEvent(Carrier.VONAGE, id, 1, segments, messagesStatus(body.required("status")),
                body.text("error.title"), at, segments, price, currency, from, to, null);
    }

    static ReceiptStatus smsStatus(String status) {
        return switch (status) {
            case "accepted", "buffered" -> ReceiptStatus.ACCEPTED;
            case "delivered" -> ReceiptStatus.DELIVERED;
            case "expired" -> ReceiptStatus.UNDELIVERED;
            case "failed" -> ReceiptStatus.FAILED;
            case "rejected" -> ReceiptStatus.REJECTED;
            default -> ReceiptStatus.UNKNOWN;
        };
    }

    static ReceiptStatus messagesStatus(String status) {
        return switch (status) {
            case "submitted" -> ReceiptStatus.SENT;
            case "delivered", "read" -> ReceiptStatus.DELIVERED;
            case "undeliverable" -> ReceiptStatus.UNDELIVERED;
            case "rejected" -> ReceiptStatus.REJECTED;
            default -> ReceiptStatus.UNKNOWN;
        };
    }

    /** {@code message-timestamp}: {@code yyyy-MM-dd HH:mm:ss}, UTC. */
    private static Instant messageTimestamp(String raw, Instant receivedAt) {
        if (raw == null || raw.isBlank()) {
            return receivedAt;
        }
        try {
            return LocalDateTime.parse(raw.trim(), MESSAGE_TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Refusal.invalid("message-timestamp", "message-timestamp: expected yyyy-MM-dd HH:mm:ss");
        }
    }

    private static String required(Map<String, String> parameters, String name) {
        var value = parameters.get(name);
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(name, name + ": required");
        }
        return value;
    }
}
