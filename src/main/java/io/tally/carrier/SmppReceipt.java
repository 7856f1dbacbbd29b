package io.tally.carrier;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tally.platform.Refusal;

/**
 * The SMPP delivery receipt text (SMPP 3.4, appendix B) as SMSC gateways read it: {@code id:IIII sub:SSS dlvrd:DDD
 * submit date:YYMMDDhhmm[ss] done date:YYMMDDhhmm[ss] stat:DDDDDDD err:E text:...}. Like Jasmin and Kannel, each
 * field is found by its name wherever it stands, names in any case; {@code id} and {@code stat} are required, the
 * rest optional, and {@code text} runs to the end. Dates are read as UTC.
 */
final class SmppReceipt {
    private static final Pattern ID = Pattern.compile("(?i)\\bid:([^\\s]+)");
    private static final Pattern SUB = Pattern.compile("(?i)\\bsub:(\\d+)");
    private static final Pattern DELIVERED = Pattern.compile("(?i)\\bdlvrd:(\\d+)");
    private static final Pattern SUBMIT_DATE = Pattern.compile("(?i)\\bsubmit date:(\\d{10,12})");
    private static final Pattern DONE_DATE = Pattern.compile("(?i)\\bdone date:(\\d{10,12})");
    private static final Pattern STAT = Pattern.compile("(?i)\\bstat:([A-Za-z_]+)");
    private static final Pattern ERR = Pattern.compile("(?i)\\berr:([^\\s]+)");
    private static final Pattern TEXT = Pattern.compile("(?is)\\btext:(.*)$");

    /**
     * @param submitted {@code sub}: messages submitted (the SMSC's count), when given
     * @param delivered {@code dlvrd}, when given
     */
    record Fields(String id, Integer submitted, Integer delivered, Instant submitDate, Instant doneDate, String stat,
            String error, String text) {
    }

    private SmppReceipt() {
    }

    static Fields read(String receipt) {
        var id = find(ID, receipt).orElseThrow(() -> Refusal.invalid("receipt", "receipt: no id:"));
        var stat = find(STAT, receipt).orElseThrow(() -> Refusal.invalid("receipt", "receipt: no stat:"));
        return new Fields(id,
                find(SUB, receipt).map(Integer::valueOf).orElse(null),
                find(DELIVERED, receipt).map(Integer::valueOf).orElse(null),
                find(SUBMIT_DATE, receipt).map(SmppReceipt::date).orElse(null),
                find(DONE_DATE, receipt).map(SmppReceipt::date).orElse(null),
                stat.toUpperCase(Locale.ROOT),
                find(ERR, receipt).orElse(null),
                find(TEXT, receipt).orElse(null));
    }

    /** The receipt as a canonical event of the carrier that relayed it. */
    static CarrierEvent event(Carrier carrier, String receipt, Instant receivedAt) {
        var fields = read(receipt);
        var error = fields.error();
        boolean noError = error == null || error.chars().allMatch(c -> c == '0');
        return new CarrierEvent(carrier, fields.id(), 1, null, status(fields.stat()), noError ? null : error,
                fields.doneDate() == null ? receivedAt : fields.doneDate(), null, null, null, null, null, null);
    }

    /** The SMPP message states (and the spellings some SMSCs use) in Tally's terms. */
    static ReceiptStatus status(String stat) {
        return switch (stat) {
            case "DELIVRD", "DELIVERED" -> ReceiptStatus.DELIVERED;
            case "ACCEPTD", "ACCEPTED", "ENROUTE", "BUFFERED" -> ReceiptStatus.ACCEPTED;
            case "UNDELIV", "UNDELIVERABLE", "EXPIRED" -> ReceiptStatus.UNDELIVERED;
            case "REJECTD", "REJECTED" -> ReceiptStatus.REJECTED;
            case "DELETED", "FAILED" -> ReceiptStatus.FAILED;
            default -> ReceiptStatus.UNKNOWN;
        };
    }

    private static Optional<String> find(Pattern pattern, String text) {
        var matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1).trim()) : Optional.empty();
    }

    private static Instant date(String digits) {
        var pattern = digits.length() == 12 ? "yyMMddHHmmss" : "yyMMddHHmm";
        try {
            return LocalDateTime.parse(digits.substring(0, pattern.length()), DateTimeFormatter.ofPattern(pattern))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw Refusal.invalid("receipt", "receipt: a date is not YYMMDDhhmm[ss]");
        }
    }
}
