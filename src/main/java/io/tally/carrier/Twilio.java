package io.tally.carrier;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tally.platform.Refusal;

/**
 * Twilio Programmable Messaging: form-encoded webhooks ({@code MessageSid}, {@code From}, {@code To},
 * {@code Body}, {@code NumSegments}; status callbacks add {@code MessageStatus} and {@code ErrorCode}).
 */
final class Twilio implements CarrierAdapter {
    private static final DateTimeFormatter DLR_DONE = DateTimeFormatter.ofPattern("yyMMddHHmm");

    @Override
    public Verification verify(Webhook webhook, Credentials credentials, Instant now) {
        return TwilioSignature.verify(webhook, ((Credentials.TwilioTokens) credentials).authTokens());
    }

    @Override
    public List<CarrierEvent> parse(Webhook webhook, Hook hook, Instant receivedAt) {
        if (!webhook.isForm()) {
            throw Refusal.invalid("body", "body: Twilio sends form data (application/x-www-form-urlencoded)");
        }
        var form = new HashMap<String, String>();
        webhook.formParameters().forEach(p -> form.putIfAbsent(p.getKey(), p.getValue()));
        var id = required(form, "MessageSid");
        var segments = Payload.integer("NumSegments", form.get("NumSegments"));
        var from = Payload.number(form.get("From"));
        var to = Payload.number(form.get("To"));
        if (hook == Hook.INBOUND) {
            return List.of(CarrierEvent.inbound(Carrier.TWILIO, id, receivedAt, segments, null, null, from, to,
                    form.get("Body")));
        }
        var status = status(required(form, "MessageStatus"));
        var error = form.get("ErrorCode");
        var occurred = doneAt(form.get("RawDlrDoneDate"), receivedAt);
        return List.of(new CarrierEvent(Carrier.TWILIO, id, 1, segments, status,
                error == null || error.isBlank() || error.equals("0") ? null : error, occurred, segments, null, null,
                from, to, null));
    }

    static ReceiptStatus status(String status) {
        return switch (status) {
            case "accepted", "queued", "scheduled", "sending" -> ReceiptStatus.ACCEPTED;
            case "sent" -> ReceiptStatus.SENT;
            case "delivered", "read" -> ReceiptStatus.DELIVERED;
            case "undelivered" -> ReceiptStatus.UNDELIVERED;
            case "failed", "canceled" -> ReceiptStatus.FAILED;
            default -> ReceiptStatus.UNKNOWN;
        };
    }

    /** {@code RawDlrDoneDate}, the handset's receipt time as YYMMDDhhmm (UTC), when the carrier passed it on. */
    private static Instant doneAt(String raw, Instant receivedAt) {
        if (raw == null || raw.isBlank()) {
            return receivedAt;
        }
        try {
            return LocalDateTime.parse(raw.trim(), DLR_DONE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return receivedAt;
        }
    }

    private static String required(Map<String, String> form, String name) {
        var value = form.get(name);
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(name, name + ": required");
        }
        return value;
    }
}
