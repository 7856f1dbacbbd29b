package io.tally.carrier;

import java.time.Instant;
import java.util.List;

import io.tally.platform.Refusal;

/**
 * Sinch SMS REST API callbacks, proven by basic credentials: inbound {@code mo_text} ({@code id}, {@code from},
 * {@code to}, {@code body}, {@code received_at}) and per-recipient receipts {@code recipient_delivery_report_sms}
 * ({@code batch_id}, {@code recipient}, {@code status}, {@code code}, {@code at}).
 */
final class Sinch implements CarrierAdapter {
    private final JsonReader json;

    Sinch(JsonReader json) {
        this.json = json;
    }

    @Override
    public Verification verify(Webhook webhook, Credentials credentials, Instant now) {
        var basic = (Credentials.Basic) credentials;
        return BasicAuth.verify(webhook, basic.username(), basic.password());
    }

    @Override
    public List<CarrierEvent> parse(Webhook webhook, Hook hook, Instant receivedAt) {
        var body = new Payload(json.read(webhook.body()));
        var type = body.required("type");
        if (hook == Hook.INBOUND) {
            if (!type.startsWith("mo_")) {
                throw Refusal.invalid("type", "type: the inbound URL takes mo_text; send " + type
                        + " to the status URL");
            }
            var at = body.instant("received_at");
            return List.of(CarrierEvent.inbound(Carrier.SINCH, body.required("id"), at == null ? receivedAt : at,
                    null, null, null, Payload.number(body.text("from")), Payload.number(body.text("to")),
                    body.text("body")));
        }
        var at = body.instant("at");
        var code = body.text("code");
        return List.of(new CarrierEvent(Carrier.SINCH, body.required("batch_id"), 1, null,
                status(body.required("status")), code == null || code.equals("0") ? null : code,
                at == null ? receivedAt : at, null, null, null, null, Payload.number(body.text("recipient")), null));
    }

    static ReceiptStatus status(String status) {
        return switch (status) {
            case "Queued" -> ReceiptStatus.ACCEPTED;
            case "Dispatched" -> ReceiptStatus.SENT;
            case "Delivered" -> ReceiptStatus.DELIVERED;
            case "Failed", "Expired" -> ReceiptStatus.UNDELIVERED;
            case "Aborted", "Cancelled", "Deleted" -> ReceiptStatus.FAILED;
            case "Rejected" -> ReceiptStatus.REJECTED;
            default -> ReceiptStatus.UNKNOWN;
        };
    }
}
