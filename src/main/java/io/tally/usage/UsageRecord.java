package io.tally.usage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A row of {@code usage_records}: one reservation (id = reservation id) or metered use (id = the meter event's id),
 * with what a report needs. Events may come twice or out of order (a reclaimed reserve after its commit):
 * {@link #merge} keeps the settled state, whatever the order.
 */
public record UsageRecord(String id, Instant occurredAt, String accountId, String subAccount, String kind,
        Status status, UsageDetail detail, String service, String city, long cost, long credits, String charges,
        Long debtIncurred, Boolean overLimit, Instant settledAt) {

    /** The columns the writer fills, in table order: the one place that pairs a column with its value. */
    public static final Columns<UsageRecord> COLUMNS = Columns.of(c -> c
            .text("id", UsageRecord::id)
            .time("occurred_at", UsageRecord::occurredAt)
            .text("account_id", UsageRecord::accountId)
            .text("sub_account", UsageRecord::subAccount)
            .text("kind", UsageRecord::kind)
            .text("status", r -> r.status().label())
            .text("idempotency_key", r -> r.detail().idempotencyKey())
            .text("service", UsageRecord::service)
            .text("direction", r -> r.detail().direction())
            .text("sender", r -> r.detail().from())
            .text("recipient", r -> r.detail().to())
            .text("country", r -> r.detail().country())
            .text("city", UsageRecord::city)
            .integer("segments", r -> r.detail().segments())
            .text("encoding", r -> r.detail().encoding())
            .integer("characters", r -> r.detail().characters())
            .bigint("units", r -> r.detail().units())
            .bigint("billed", r -> r.detail().billed())
            .bigint("rate", r -> r.detail().rate())
            .bigint("cost", UsageRecord::cost)
            .bigint("credits", UsageRecord::credits)
            .text("charges", UsageRecord::charges)
            .bigint("debt_incurred", UsageRecord::debtIncurred)
            .bool("over_limit", UsageRecord::overLimit)
            .text("product", r -> r.detail().product())
            .text("user_id", r -> r.detail().user())
            .text("group_id", r -> r.detail().group())
            .text("contact", r -> r.detail().contact())
            .text("title", r -> r.detail().title())
            .json("metadata", r -> r.detail().metadata())
            .time("settled_at", UsageRecord::settledAt)
            .text("carrier", r -> r.detail().carrier())
            .text("carrier_message_id", r -> r.detail().carrierMessageId())
            .text("delivery_status", r -> r.detail().deliveryStatus())
            .text("sub_type", r -> r.detail().subType()));

    public enum Status {
        RESERVED,
        COMMITTED,
        RELEASED,
        EXPIRED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The types of event that make or change a usage record. */
    public static final List<String> TYPES = List.of("reserve", "commit", "release", "expire", "meter");

    /** The record {@code event} makes or moves to, or empty for grants and allocations. */
    public static Optional<UsageRecord> of(LedgerEvent event, UsageDetail detail, String city) {
        var sub = event.optional("sub");
        var service = event.text("service");
        long amount = event.amount();
        switch (event.type()) {
            case "reserve":
                return Optional.of(new UsageRecord(event.text("reservation"), event.time(), event.account(), sub,
                        "reservation", Status.RESERVED, detail, service, city, amount, amount, event.text("charges"),
                        null, null, null));
            case "commit":
            case "release":
            case "expire":
                var status = "commit".equals(event.type()) ? Status.COMMITTED
                        : "release".equals(event.type()) ? Status.RELEASED : Status.EXPIRED;
                return Optional.of(new UsageRecord(event.text("reservation"), event.millis("reserved"),
                        event.account(), sub, "reservation", status, detail, service, city, amount,
                        event.number("committed"), event.text("charges"), null, null, event.time()));
            case "meter":
                return Optional.of(new UsageRecord(event.id(), event.time(), event.account(), sub, "meter",
                        Status.COMMITTED, detail, service, city, amount, amount, event.text("charges"),
                        event.number("debtIncurred"), "1".equals(event.text("overLimit")), event.time()));
            default:
                return Optional.empty();
        }
    }

    /** Of two rows of one record, the one that wins: a settled state beats {@code reserved}; else the first. */
    public static UsageRecord merge(UsageRecord first, UsageRecord second) {
        return first.status == Status.RESERVED && second.status != Status.RESERVED ? second : first;
    }
}
