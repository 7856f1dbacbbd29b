package io.tally.pricing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * The body of a card replacement. {@code updatedAt} is accepted and ignored, so that the answer of a GET can be
 * edited and sent back as it is.
 */
record RatesRequest(List<Row> rates, String updatedAt) {

    record Row(String service, String subType, String direction, String country, CreditAmount rate,
            String billing) {
        Rate toRate(String field, Catalogue catalogue) {
            var definition = catalogue.require(field + ".service", service);
            var sub = definition.requireSubType(field + ".subType", subType);
            var way = Direction.parse(Fields.required(field + ".direction", direction))
                    .orElseThrow(() -> Refusal.invalid(field + ".direction",
                            field + ".direction: outbound or inbound"));
            var key = new RateKey(definition.id(), way, country(field + ".country"), sub);
            long micros = Fields.required(field + ".rate", rate).micros();
            if (billing == null) {
                return Rate.of(key, micros);
            }
            if (!definition.unit().timed()) {
                throw Refusal.invalid(field + ".billing", field + ".billing: only rates of services billed by the"
                        + " minute have billing increments; " + definition.id().label() + " is billed by the "
                        + definition.unit().label());
            }
            var increments = Billing.parse(billing)
                    .orElseThrow(() -> Refusal.invalid(field + ".billing", field
                            + ".billing: first/next increments in seconds (1 to 3600), such as 60/60, 6/6 or 1/1"));
            return Rate.voice(key, micros, increments);
        }

        private String country(String field) {
            var code = Fields.required(field, country);
            if (!RateKey.EVERY_COUNTRY.equals(code) && !Destination.isCountry(code)) {
                throw Refusal.invalid(field,
                        field + ": an ISO 3166-1 alpha-2 country code such as IT, or * for every country");
            }
            return code;
        }
    }

    RateCard toCard(Catalogue catalogue) {
        var rows = Fields.required("rates", rates);
        var first = new HashMap<RateKey, Integer>();
        var card = new ArrayList<Rate>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            var field = "rates[" + i + "]";
            var rate = Fields.required(field, rows.get(i)).toRate(field, catalogue);
            var earlier = first.putIfAbsent(rate.key(), i);
            if (earlier != null) {
                throw Refusal.invalid(field,
                        field + ": a second rate for " + rate.key() + " (rates[" + earlier + "])");
            }
            card.add(rate);
        }
        return RateCard.of(card);
    }
}
