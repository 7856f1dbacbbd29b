package io.tally.usage;

/**
 * What the gateway knew of a message or use when it priced it: the {@code detail} JSON of reserve, settle and meter
 * events (docs/ledger.md), read by {@code EventDetails}. {@code metadata} is the caller's JSON object, verbatim.
 * {@code carrier}, {@code carrierMessageId} and {@code deliveryStatus} are those of the delivery receipt that settled a
 * reservation (its settle event's {@code delivery} member), null otherwise.
 */
public record UsageDetail(String idempotencyKey, String direction, String from, String to, String country,
        Integer segments, String encoding, Integer characters, Long units, Long billed, Long rate, String product,
        String user, String group, String contact, String title, String metadata, String carrier, String carrierMessageId,
        String deliveryStatus, String subType) {

    public static final UsageDetail NONE = new UsageDetail(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null);
}
