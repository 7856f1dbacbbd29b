package io.tally.pricing;

import java.time.Instant;

/** A service as the catalogue table holds it, and when it was last defined. */
record StoredService(ServiceDefinition service, Instant updatedAt) {
}
