package io.tally.report;

/**
 * The filters of a report, null when not given; service and direction in their stored form ({@code SMS},
 * {@code OUTBOUND}); {@code category} a category of the service catalogue ({@code messaging}). {@code subAccount} is the one
 * asked for; the caller's scope is applied apart.
 */
record Filters(String service, String direction, String subAccount, String product, String user, String country,
        String city, String number, String category) {
    static final Filters NONE = new Filters(null, null, null, null, null, null, null, null, null);
}
