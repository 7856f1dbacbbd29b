package io.tally.carrier;

import java.time.Instant;

/** A connection as the API answers it: where to point the carrier, never its credentials. */
record ConnectionView(String id, String account, String carrier, String inboundUrl, String statusUrl,
        Instant createdAt) {

    static ConnectionView of(Connection connection, String publicUrl) {
        var base = CarrierUrls.base(publicUrl) + CarrierUrls.path(connection.carrier(), connection.id());
        return new ConnectionView(connection.id(), connection.account(), connection.carrier().label(),
                base + "/inbound", base + "/status", connection.createdAt());
    }
}
