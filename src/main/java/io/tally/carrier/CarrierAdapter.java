package io.tally.carrier;

import java.time.Instant;
import java.util.List;

/**
 * One carrier's webhooks: verify a request exactly as received, then read it into canonical events. Pure: time is
 * passed in, JSON is read by the {@link JsonReader} given.
 */
interface CarrierAdapter {
    Verification verify(Webhook webhook, Credentials credentials, Instant now);

    /**
     * The events of a verified request: one for most carriers, several when the carrier batches them (Bandwidth).
     *
     * @param receivedAt when Tally received the request: the time of events whose carrier does not say
     * @throws io.tally.platform.Refusal naming the field when the body is not what the carrier sends
     */
    List<CarrierEvent> parse(Webhook webhook, Hook hook, Instant receivedAt);
}
