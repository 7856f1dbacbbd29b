package io.tally.receipt;

import java.util.regex.Pattern;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/** The edge checks of a receipt and a dispatch: a field out of shape is a 400 naming it. */
final class ReceiptFields {
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CARRIER = Pattern.compile("[a-z0-9_-]{1,32}");
    /** Printable ASCII without space and {@code |}: what carriers' message ids are made of (SMPP's up to 65). */
    private static final Pattern MESSAGE_ID = Pattern.compile("[!-{}~]{1,128}");
    static final int MAX_PARTS = 255;

    private ReceiptFields() {
    }

    /** The receipt, checked; its error code kept to 64 printable characters without {@code |}. */
    static Receipt check(Receipt r) {
        Fields.required("receipt", r);
        if (r.account() == null || !ACCOUNT.matcher(r.account()).matches()) {
            throw Refusal.invalid("account", "account: an account id");
        }
        var carrier = carrier(r.carrier());
        var messageId = messageId(r.messageId());
        var parts = parts(r.parts());
        if (r.part() < 1 || r.part() > (parts == null ? MAX_PARTS : parts)) {
            throw Refusal.invalid("part", "part: from 1 to the message's parts");
        }
        Fields.required("status", r.status());
        Fields.required("occurredAt", r.occurredAt());
        if (r.segments() != null && (r.segments() < 0 || r.segments() > 10_000)) {
            throw Refusal.invalid("segments", "segments: from 0 to 10000");
        }
        if (r.reservation() != null && r.reservation().length() > 200) {
            throw Refusal.invalid("reservation", "reservation: not a reservation id");
        }
        return new Receipt(r.account(), carrier, r.connection(), messageId, r.part(), parts, r.status(),
                errorCode(r.errorCode()), r.occurredAt(), r.segments(), r.reservation());
    }

    static String carrier(String carrier) {
        Fields.required("carrier", carrier);
        if (!CARRIER.matcher(carrier).matches()) {
            throw Refusal.invalid("carrier", "carrier: 1 to 32 of a-z, 0-9, _ and -");
        }
        return carrier;
    }

    static String messageId(String messageId) {
        Fields.required("messageId", messageId);
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw Refusal.invalid("messageId", "messageId: 1 to 128 printable ASCII characters, no space or |");
        }
        return messageId;
    }

    static Integer parts(Integer parts) {
        if (parts != null && (parts < 1 || parts > MAX_PARTS)) {
            throw Refusal.invalid("parts", "parts: from 1 to " + MAX_PARTS);
        }
        return parts;
    }

    private static String errorCode(String code) {
        if (code == null) {
            return null;
        }
        var kept = code.chars().filter(c -> c > 0x20 && c < 0x7f && c != '|').limit(64)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return kept.isEmpty() ? null : kept;
    }
}
