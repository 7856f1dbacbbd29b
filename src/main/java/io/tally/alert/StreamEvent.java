package io.tally.alert;

/** What an SSE client of {@code /alerts/stream} is sent: an alert, or a resync when it was away too long. */
sealed interface StreamEvent permits Alert, Resync {
}
