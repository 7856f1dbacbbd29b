package io.tally.pricing;

import static io.tally.pricing.Direction.OUTBOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tally.platform.Refusal;

/** The service catalogue, and how sub-types and increments take part in pricing. */
class CatalogueTest {
    private static final ServiceDefinition CALLS = new ServiceDefinition(new ServiceName("CALLS"), "Calls",
            ServiceCategory.CALLING, ServiceUnit.MINUTE, Billing.parse("6/6"), List.of("toll-free", "local"), false);
    private static final ServiceDefinition TEXTS = new ServiceDefinition(new ServiceName("TEXTS"), "Texts",
            ServiceCategory.MESSAGING, ServiceUnit.MESSAGE, Optional.empty(), List.of("a2p", "p2p"), false);
    private static final Catalogue CATALOGUE = Catalogue.of(List.of(CALLS, TEXTS));

    private static final RateCard DEFAULTS = RateCard.of(List.of(
            texts("*", null, 10), texts("IT", null, 20), texts("*", "a2p", 30), texts("IT", "a2p", 40),
            Rate.of(new RateKey(CALLS.id(), OUTBOUND, "*"), 600)));
    private static final RateCard ACME = RateCard.of(List.of(texts("*", null, 1), texts("FR", "p2p", 2),
            texts("DE", null, 3)));

    private static Rate texts(String country, String subType, long micros) {
        return Rate.of(new RateKey(TEXTS.id(), OUTBOUND, country, Optional.ofNullable(subType)), micros);
    }

    @ParameterizedTest(name = "{0} to {1} for {2}: {3} card, row {4}/{5}, {6} micro")
    @CsvSource(nullValues = "-", value = {
            "a2p, IT, none, DEFAULT, IT, a2p, 40", // the sub-type's row for the country
            "a2p, US, none, DEFAULT, *, a2p, 30", // the sub-type's * row
            "p2p, IT, none, DEFAULT, IT, -, 20", // no row of the sub-type: the row without one, for the country
            "p2p, US, none, DEFAULT, *, -, 10", // ... or its * row
            "-, IT, none, DEFAULT, IT, -, 20", // no sub-type: rows without one only
            "p2p, FR, acme, ACCOUNT, FR, p2p, 2", // the account's sub-type row first
            "a2p, FR, acme, DEFAULT, *, a2p, 30", // a sub-type row of the default card beats the account's rows
            "p2p, IT, acme, ACCOUNT, *, -, 1", // then the account's row without one, its * too
            "-, DE, acme, ACCOUNT, DE, -, 3", // no sub-type: the account's country row
            "a2p, IT, acme, DEFAULT, IT, a2p, 40", // the default card's sub-type row beats the account's * row ...
            "-, IT, acme, ACCOUNT, *, -, 1", // ... which wins for a use without a sub-type
            "p2p, DE, acme, ACCOUNT, DE, -, 3" }) // no p2p row on either card: the account's rows, then the default's
    void findsTheMostSpecificRow(String subType, String country, String overrides, Price.Card card, String row,
            String rowSubType, long rate) {
        var quote = Pricing.price(DEFAULTS, overrides.equals("acme") ? ACME : RateCard.EMPTY, TEXTS,
                Optional.ofNullable(subType), OUTBOUND, country, 2);
        var price = quote.price().orElseThrow();
        assertThat(price.card()).isEqualTo(card);
        assertThat(price.rateCountry()).isEqualTo(row);
        assertThat(price.rateSubType()).isEqualTo(Optional.ofNullable(rowSubType));
        assertThat(price.costMicros()).isEqualTo(2 * rate);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "-", value = {
            "+18002345678, toll-free", // US toll-free
            "+39800123456, toll-free", // Italian numero verde
            "+393471234567, mobile",
            "+390212345678, fixed-line",
            "+447911123456, mobile",
            "+442071234567, fixed-line",
            "+14155552671, -", // US numbers can be either: no sub-type
            "+39899123456, -", // premium rate: not one of the three
            "+3902, -", // not valid
            "0212345678, -" })
    void aNumbersTypeIsASubType(String number, String subType) {
        assertThat(Destination.numberType(number)).isEqualTo(Optional.ofNullable(subType));
    }

    @Test
    void aLotsServicesNameServicesOrCategories() {
        assertThat(CATALOGUE.requireLotEntries("services", List.of("texts", "category:calling", "Category:AI")))
                .containsExactly("TEXTS", "@calling", "@ai");
        assertThat(CATALOGUE.requireLotEntries("services", null)).isEmpty();
        assertThatThrownBy(() -> CATALOGUE.requireLotEntries("services", List.of("texts", "category:voice")))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.field()).isEqualTo("services[1]"));
        assertThatThrownBy(() -> CATALOGUE.requireLotEntries("services", List.of("calling")))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.field()).isEqualTo("services[0]"));
    }

    @Test
    void noRowAtAllIsNoRateNamingTheSubType() {
        var quote = Pricing.price(RateCard.EMPTY, RateCard.EMPTY, TEXTS, Optional.of("a2p"), OUTBOUND, "IT", 1);
        assertThat(quote.refusal()).contains("no rate for TEXTS a2p outbound to IT");
    }

    @ParameterizedTest(name = "{0} s at the service's 6/6 bills {1} s")
    @CsvSource({ "0, 0", "1, 6", "6, 6", "61, 66", "3600, 3600" })
    void aTimedServiceBillsItsIncrements(long seconds, long billed) {
        var price = Pricing.price(DEFAULTS, RateCard.EMPTY, CALLS, Optional.empty(), OUTBOUND, "IT", seconds)
                .price().orElseThrow();
        assertThat(price.billed()).isEqualTo(billed);
        assertThat(price.costMicros()).isEqualTo(billed * 600 / 60);
        assertThat(price.billing()).contains(new Billing(6, 6));
    }

    @Test
    void aRateNamingIncrementsOverridesTheService() {
        var card = RateCard.of(List.of(Rate.voice(new RateKey(CALLS.id(), OUTBOUND, "*"), 600, new Billing(60, 60))));
        var price = Pricing.price(card, RateCard.EMPTY, CALLS, Optional.empty(), OUTBOUND, "IT", 61).price()
                .orElseThrow();
        assertThat(price.billed()).isEqualTo(120);
    }

    @Test
    void anUntimedServiceIgnoresIncrements() {
        var rate = Rate.voice(new RateKey(TEXTS.id(), OUTBOUND, "*"), 5, Billing.PER_MINUTE);
        assertThat(TEXTS.billing(rate)).isEmpty();
    }

    @Test
    void theBuiltInServicesComeFirstAndStay() {
        assertThat(CATALOGUE.services().stream().map(s -> s.id().name()))
                .containsExactly("SMS", "MMS", "VOICE", "FAX", "AI_AGENT", "CALLS", "TEXTS");
        assertThat(CATALOGUE.find(ServiceName.VOICE).orElseThrow().increment()).contains(Billing.PER_MINUTE);
        assertThat(Catalogue.DEFAULT.services()).allMatch(ServiceDefinition::builtIn);
    }

    @ParameterizedTest(name = "{0} names {1}")
    @CsvSource({ "sms, SMS", "ai-agent, AI_AGENT", "AI_AGENT, AI_AGENT", " Texts , TEXTS" })
    void aRequestNamesAServiceByIdOrLabel(String label, String id) {
        assertThat(CATALOGUE.require("service", label).id().name()).isEqualTo(id);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource({ "TELEX", "9lives", "sms!", "''" })
    void anUnknownServiceIsRefusedNamingTheField(String label) {
        assertThatThrownBy(() -> CATALOGUE.require("rates[2].service", label))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.field()).isEqualTo("rates[2].service");
                    assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID);
                });
    }

    @Test
    void aSubTypeTheServiceDoesNotHaveIsRefusedNamingTheField() {
        assertThat(TEXTS.requireSubType("subType", "a2p")).contains("a2p");
        assertThat(TEXTS.requireSubType("subType", null)).isEmpty();
        assertThatThrownBy(() -> TEXTS.requireSubType("subType", "toll-free"))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.field()).isEqualTo("subType"))
                .hasMessageContaining("[a2p, p2p]");
        assertThatThrownBy(() -> Catalogue.DEFAULT.find(ServiceName.SMS).orElseThrow()
                .requireSubType("subType", "a2p"))
                .hasMessage("subType: sms has no sub-types");
        assertThatThrownBy(() -> Pricing.price(DEFAULTS, RateCard.EMPTY, TEXTS, Optional.of("x"), OUTBOUND, "IT", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTimedServicesHaveIncrements() {
        assertThatThrownBy(() -> new ServiceDefinition(new ServiceName("X"), "X", ServiceCategory.OTHER,
                ServiceUnit.ITEM, Optional.of(Billing.PER_MINUTE), List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServiceDefinition(new ServiceName("X"), "X", ServiceCategory.CALLING,
                ServiceUnit.MINUTE, Optional.empty(), List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
