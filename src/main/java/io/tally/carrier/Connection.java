package io.tally.carrier;

import java.time.Instant;

/** A carrier connection of an account: whose webhooks it verifies and with what. */
public record Connection(String id, String account, Carrier carrier, Credentials credentials, Instant createdAt) {
}
