package io.tally.pricing;

import java.util.Optional;

/**
 * What a use costs, and which rate said so.
 *
 * @param country the destination country priced
 * @param quantity what was asked for: segments, messages, pages or sessions; for VOICE the call's seconds
 * @param billed what was charged for: the same units; for VOICE the seconds after the billing increments
 * @param rateMicros micro-credits per unit ({@link ServiceDefinition#unit()}: per minute for timed services)
 * @param costMicros {@code billed x rate}; for VOICE {@code billed seconds x rate / 60}, rounded up to the next
 *        micro-credit
 * @param card which card the rate came from
 * @param rateCountry the country of the matched row: the destination's own, or {@code *}
 * @param billing the increments applied (timed services only)
 * @param rateSubType the matched row's sub-type: the use's, or empty for a row without one
 */
public record Price(ServiceName service, Direction direction, String country, long quantity, long billed,
        long rateMicros, long costMicros, Card card, String rateCountry, Optional<Billing> billing,
        Optional<String> rateSubType) {

    /** Where a matched rate lives. */
    public enum Card {
        /** The account's own overrides. */
        ACCOUNT,
        /** The operator's default card. */
        DEFAULT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
