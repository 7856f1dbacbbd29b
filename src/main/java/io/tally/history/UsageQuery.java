package io.tally.history;

import java.util.Set;

/**
 * A page of an account's usage records, newest first. Null filters match everything. {@code subAccounts}, when not
 * null, confines the page to rows of those sub-accounts (an office admin's scope, or the {@code subAccount} filter):
 * rows without a sub-account are then left out. Service and direction are the stored names ({@code SMS},
 * {@code OUTBOUND}), status and delivery status the stored labels ({@code committed}, {@code delivered}); carrier and
 * carrier message id those of the delivery receipt that settled the record. {@code phone} matches the sender or the
 * recipient; {@code title} matches a title containing it, ignoring case; {@code quantity} bounds the segments of a message, or
 * the units of any other use (both ends inclusive); {@code category}, when not null, keeps the services the catalogue
 * puts in that category ({@code messaging}).
 */
record UsageQuery(String account, Bounds.Time time, Set<String> subAccounts, String service, String direction,
        String product, String user, String group, String contact, String title, String country, String city, String phone,
        Bounds.Amount quantity, String status, String carrier, String carrierMessageId, String deliveryStatus,
        Bounds.Amount credits, Bounds.Amount cost, String category, int limit, Cursor after) {

    /** The same filters, another page. */
    UsageQuery page(int limit, Cursor after) {
        return new UsageQuery(account, time, subAccounts, service, direction, product, user, group, contact, title, country,
                city, phone, quantity, status, carrier, carrierMessageId, deliveryStatus, credits, cost, category, limit,
                after);
    }
}
