package io.tally.carrier;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every carrier's adapter, by carrier: verify a webhook with a connection's credentials, then read its events. */
public final class Carriers {
    private final Map<Carrier, CarrierAdapter> adapters = new EnumMap<>(Carrier.class);

    public Carriers(JsonReader json) {
        adapters.put(Carrier.TWILIO, new Twilio());
        adapters.put(Carrier.VONAGE, new Vonage(json));
        adapters.put(Carrier.TELNYX, new Telnyx(json));
        adapters.put(Carrier.SINCH, new Sinch(json));
        adapters.put(Carrier.BANDWIDTH, new Bandwidth(json));
        adapters.put(Carrier.GENERIC, new Generic(json));
    }

    public Verification verify(Webhook webhook, Credentials credentials, Instant now) {
        return adapters.get(credentials.carrier()).verify(webhook, credentials, now);
    }

    public List<CarrierEvent> parse(Carrier carrier, Webhook webhook, Hook hook, Instant receivedAt) {
        return adapters.get(carrier).parse(webhook, hook, receivedAt);
    }
}
