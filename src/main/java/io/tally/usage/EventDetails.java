package io.tally.usage;

import java.util.Locale;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;

/**
 * Reads the {@code detail} JSON of a ledger event (what Metering knew when it priced the use) and finds the city
 * of the priced number with libphonenumber's offline geocoder, off the hot path.
 */
@Singleton
class EventDetails {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final PhoneNumberOfflineGeocoder GEOCODER = PhoneNumberOfflineGeocoder.getInstance();

    private final ObjectMapper json;

    EventDetails(ObjectMapper json) {
        this.json = json;
    }

    /** The usage record {@code event} makes or moves to, or empty for grants and allocations. */
    Optional<UsageRecord> record(LedgerEvent event) {
        if (!UsageRecord.TYPES.contains(event.type())) {
            return Optional.empty();
        }
        var detail = detail(event.text("detail"));
        var number = "INBOUND".equals(detail.direction()) ? detail.from() : detail.to();
        return UsageRecord.of(event, detail, city(number, detail.country()));
    }

    UsageDetail detail(String text) {
        if (text == null || text.isEmpty()) {
            return UsageDetail.NONE;
        }
        try {
            var node = json.readTree(text);
            var metadata = node.get("metadata");
            var delivery = node.path("delivery");
            return new UsageDetail(text(node, "idempotencyKey"), text(node, "direction"), text(node, "from"),
                    text(node, "to"), text(node, "country"), integer(node, "segments"), text(node, "encoding"),
                    integer(node, "characters"), number(node, "units"), number(node, "billed"), number(node, "rate"),
                    text(node, "product"), text(node, "user"), text(node, "group"), text(node, "contact"), text(node, "title"),
                    metadata == null || metadata.isNull() ? null : metadata.toString(), text(delivery, "carrier"),
                    text(delivery, "messageId"), text(delivery, "status"), text(node, "subType"));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable event detail: " + e.getMessage(), e);
        }
    }

    /** The place the geocoder names for {@code number}, unless it knows only the country (or nothing). */
    static String city(String number, String country) {
        if (number == null || !number.startsWith("+")) {
            return null;
        }
        try {
            var parsed = PHONES.parse(number, null);
            var place = GEOCODER.getDescriptionForNumber(parsed, Locale.ENGLISH);
            var region = PHONES.getRegionCodeForNumber(parsed);
            if (place.isEmpty() || region == null
                    || place.equals(new Locale("", region).getDisplayCountry(Locale.ENGLISH))
                    || (country != null && place.equals(new Locale("", country).getDisplayCountry(Locale.ENGLISH)))) {
                return null;
            }
            return place;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || !value.canConvertToInt() ? null : value.intValue();
    }

    private static Long number(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || !value.canConvertToLong() ? null : value.longValue();
    }
}
