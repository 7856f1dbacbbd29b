package io.tally.carrier;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.tally.platform.Refusal;

/**
 * Tally's own webhook format, for aggregators and in-house SMSCs, signed the Standard Webhooks way. A JSON body
 * {@code {"messageId", "from", "to", "text", "segments", "price", "currency", "occurredAt"}} and, for receipts,
 * {@code "status"} (one of {@link ReceiptStatus}, any case), {@code "part"}, {@code "parts"}, {@code "errorCode"};
 * or a receipt as SMPP receipt text, in {@code "smppReceipt"} or as a {@code text/plain} body.
 */
final class Generic implements CarrierAdapter {
    private final JsonReader json;

    Generic(JsonReader json) {
        this.json = json;
    }

    @Override
    public Verification verify(Webhook webhook, Credentials credentials, Instant now) {
        return StandardWebhookSignature.verify(webhook, ((Credentials.GenericSecret) credentials).secret(), now);
    }

    @Override
    public List<CarrierEvent> parse(Webhook webhook, Hook hook, Instant receivedAt) {
        if (!webhook.isJson()) {
            if (hook == Hook.STATUS) {
                return List.of(SmppReceipt.event(Carrier.GENERIC, webhook.bodyText(), receivedAt));
            }
            throw Refusal.invalid("body", "body: JSON (application/json)");
        }
        var body = new Payload(json.read(webhook.body()));
        var smpp = body.text("smppReceipt");
        if (hook == Hook.STATUS && smpp != null) {
            return List.of(SmppReceipt.event(Carrier.GENERIC, smpp, receivedAt));
        }
        var id = body.required("messageId");
        var occurred = body.instant("occurredAt");
        var at = occurred == null ? receivedAt : occurred;
        var segments = positive(body, "segments");
        var from = Payload.number(body.text("from"));
        var to = Payload.number(body.text("to"));
        if (hook == Hook.INBOUND) {
            return List.of(CarrierEvent.inbound(Carrier.GENERIC, id, at, segments, body.text("price"),
                    body.text("currency"), from, to, body.text("text")));
        }
        var part = positive(body, "part");
        return List.of(new CarrierEvent(Carrier.GENERIC, id, part == null ? 1 : part, positive(body, "parts"),
                status(body.required("status")), body.text("errorCode"), at, segments, body.text("price"),
                body.text("currency"), from, to, null));
    }

    private static Integer positive(Payload body, String field) {
        var value = body.integer(field);
        if (value != null && value < 1) {
            throw Refusal.invalid(field, field + ": at least 1");
        }
        return value;
    }

    private static ReceiptStatus status(String status) {
        try {
            return ReceiptStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("status", "status: one of accepted, sent, delivered, undelivered, failed,"
                    + " rejected, unknown");
        }
    }
}
