package io.tally.pricing;

import static io.tally.pricing.Direction.INBOUND;
import static io.tally.pricing.Direction.OUTBOUND;
import static io.tally.pricing.ServiceName.AI_AGENT;
import static io.tally.pricing.ServiceName.FAX;
import static io.tally.pricing.ServiceName.MMS;
import static io.tally.pricing.ServiceName.SMS;
import static io.tally.pricing.ServiceName.VOICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingTest {
    private static final RateCard DEFAULTS = RateCard.of(List.of(
            sms("IT", 45_000), sms("*", 80_000),
            Rate.of(new RateKey(SMS, INBOUND, "*"), 5_000),
            Rate.of(new RateKey(MMS, OUTBOUND, "*"), 200_000),
            Rate.of(new RateKey(FAX, OUTBOUND, "*"), 30_000),
            Rate.of(new RateKey(AI_AGENT, OUTBOUND, "*"), 1_500_000),
            voice("*", 10_000, "60/60"), voice("IT", 12_000, "6/6"), voice("DE", 10_001, "1/1")));

    private static final RateCard ACME = RateCard.of(List.of(sms("FR", 30_000), sms("*", 40_000)));

    private static Rate sms(String country, long micros) {
        return Rate.of(new RateKey(SMS, OUTBOUND, country), micros);
    }

    private static Rate voice(String country, long micros, String billing) {
        return Rate.voice(new RateKey(VOICE, OUTBOUND, country), micros, Billing.parse(billing).orElseThrow());
    }

    private static Price priced(RateCard overrides, ServiceName service, Direction direction, String country,
            long quantity) {
        return Pricing.price(DEFAULTS, overrides, service, direction, country, quantity).price().orElseThrow();
    }

    @ParameterizedTest(name = "SMS to {0} with {1} overrides: {2} card, row {3}, {4} micro per segment")
    @CsvSource({
            "FR, acme, ACCOUNT, FR, 30000", // 1. the account's row for the country
            "IT, acme, ACCOUNT, *, 40000", // 2. the account's * row beats the default card's IT row
            "IT, none, DEFAULT, IT, 45000", // 3. the default card's row for the country
            "US, none, DEFAULT, *, 80000" }) // 4. the default card's * row
    void findsTheRateInLookupOrder(String country, String overrides, Price.Card card, String row, long rate) {
        var price = priced(overrides.equals("acme") ? ACME : RateCard.EMPTY, SMS, OUTBOUND, country, 3);
        assertThat(price.card()).isEqualTo(card);
        assertThat(price.rateCountry()).isEqualTo(row);
        assertThat(price.country()).isEqualTo(country);
        assertThat(price.rateMicros()).isEqualTo(rate);
        assertThat(price.costMicros()).isEqualTo(3 * rate);
    }

    @Test
    void anAccountRowForTheCountryBeatsItsOwnStarRow() {
        assertThat(priced(ACME, SMS, OUTBOUND, "FR", 1).rateCountry()).isEqualTo("FR");
    }

    @Test
    void noRowAnywhereIsAnOutcomeNamingWhatWasAsked() {
        var onlyItaly = RateCard.of(List.of(sms("IT", 45_000)));
        var quote = Pricing.price(onlyItaly, RateCard.EMPTY, SMS, OUTBOUND, "TR", 1);
        assertThat(quote).isEqualTo(new Quote.NoRate(new RateKey(SMS, OUTBOUND, "TR")));
        assertThat(quote.price()).isEmpty();
        assertThat(quote.refusal()).contains("no rate for SMS outbound to TR");
    }

    @Test
    void directionsArePricedApart() {
        var outboundOnly = RateCard.of(List.of(sms("*", 45_000)));
        assertThat(Pricing.price(outboundOnly, RateCard.EMPTY, SMS, INBOUND, "IT", 1))
                .isInstanceOf(Quote.NoRate.class);
        assertThat(priced(RateCard.EMPTY, SMS, INBOUND, "IT", 2).costMicros()).isEqualTo(10_000);
    }

    @ParameterizedTest(name = "{0} x {1} -> {2} micro")
    @CsvSource({ "MMS, 2, 400000", "FAX, 7, 210000", "AI_AGENT, 1, 1500000", "SMS, 0, 0" })
    void otherServicesArePricedPerWholeUnit(String service, long units, long cost) {
        var price = priced(RateCard.EMPTY, new ServiceName(service), OUTBOUND, "ES", units);
        assertThat(price.billed()).isEqualTo(units);
        assertThat(price.costMicros()).isEqualTo(cost);
        assertThat(price.billing()).isEmpty();
    }

    @ParameterizedTest(name = "a {1} s call to {0} bills {2} s, {3} micro")
    @CsvSource({
            "US, 0, 0, 0",
            "US, 1, 60, 10000",
            "US, 60, 60, 10000",
            "US, 61, 120, 20000", // 60/60: two minutes
            "IT, 61, 66, 13200", // 6/6 at 0.012: 1.1 minutes
            "IT, 5, 6, 1200",
            "DE, 61, 61, 10168", // 1/1 at 0.010001: 61 x 10001 / 60 = 10167.68, rounded up
            "DE, 1, 1, 167", // 10001 / 60 = 166.68, rounded up
            "DE, 60, 60, 10001" })
    void voiceBillsIncrementsOfSecondsAtAPerMinuteRate(String country, long seconds, long billed, long cost) {
        var price = priced(RateCard.EMPTY, VOICE, OUTBOUND, country, seconds);
        assertThat(price.quantity()).isEqualTo(seconds);
        assertThat(price.billed()).isEqualTo(billed);
        assertThat(price.costMicros()).isEqualTo(cost);
        assertThat(price.billing()).isPresent();
    }

    @Test
    void aCostAboveTheCapIsRefused() {
        var dear = RateCard.of(List.of(sms("*", Credits.MAX_MICROS)));
        assertThat(Pricing.price(dear, RateCard.EMPTY, SMS, OUTBOUND, "IT", 1).price()).isPresent();
        assertThat(Pricing.price(dear, RateCard.EMPTY, SMS, OUTBOUND, "IT", 2))
                .isEqualTo(new Quote.TooLarge(new RateKey(SMS, OUTBOUND, "IT"), 2));
    }

    @Test
    void aMultiplicationThatWouldWrapAroundIsRefusedNotWrapped() {
        var dear = RateCard.of(List.of(sms("*", Credits.MAX_MICROS), voice("*", Credits.MAX_MICROS, "1/1")));
        // 10^15 x 10^4 = 10^19 > Long.MAX_VALUE: multiplyExact refuses instead of a negative cost
        assertThat(Pricing.price(dear, RateCard.EMPTY, SMS, OUTBOUND, "IT", 10_000))
                .isInstanceOf(Quote.TooLarge.class);
        assertThat(Pricing.price(dear, RateCard.EMPTY, VOICE, OUTBOUND, "IT", Long.MAX_VALUE))
                .isInstanceOf(Quote.TooLarge.class);
    }

    @Test
    void aFreeRateCostsNothing() {
        var free = RateCard.of(List.of(sms("*", 0)));
        assertThat(Pricing.price(free, RateCard.EMPTY, SMS, OUTBOUND, "IT", 9).price().orElseThrow().costMicros())
                .isZero();
    }

    @Test
    void aUseWithoutADestinationIsPricedByAStarRow() {
        assertThat(priced(ACME, SMS, OUTBOUND, "*", 1).rateMicros()).isEqualTo(40_000);
        assertThat(priced(RateCard.EMPTY, AI_AGENT, OUTBOUND, "*", 1).rateMicros()).isEqualTo(1_500_000);
    }

    @Test
    void refusesInputsThatAreBugs() {
        assertThatThrownBy(() -> Pricing.price(DEFAULTS, ACME, SMS, OUTBOUND, "IT", -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pricing.price(DEFAULTS, ACME, SMS, OUTBOUND, "it", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCardHoldsOneRatePerKey() {
        assertThatThrownBy(() -> RateCard.of(List.of(sms("IT", 1), sms("IT", 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVoiceRateWithoutIncrementsBillsTheServiceIncrements() {
        var card = RateCard.of(List.of(Rate.of(new RateKey(VOICE, OUTBOUND, "IT"), 60)));
        var price = Pricing.price(card, RateCard.EMPTY, VOICE, OUTBOUND, "IT", 61).price().orElseThrow();
        assertThat(price.billed()).isEqualTo(120);
        assertThat(price.billing()).contains(Billing.PER_MINUTE);
    }

    @Test
    void listsRatesInAStableOrder() {
        assertThat(DEFAULTS.rates().stream().map(r -> r.key().toString()).toList()).containsExactly(
                "SMS outbound *", "SMS outbound IT", "SMS inbound *", "MMS outbound *",
                "VOICE outbound *", "VOICE outbound DE", "VOICE outbound IT", "FAX outbound *",
                "AI_AGENT outbound *");
    }
}
