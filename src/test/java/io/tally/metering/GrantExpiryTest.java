package io.tally.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tally.ledger.Validity;

/**
 * A grant's expiry day is the start of that day in the account's time zone, on either side of a DST change; a grant
 * without an expiry gets its kind's default validity.
 */
class GrantExpiryTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @ParameterizedTest(name = "{1} in {0} -> {2}")
    @CsvSource({
            // Rome goes from +01:00 to +02:00 at 02:00 on 2027-03-28, back at 03:00 on 2027-10-31
            "Europe/Rome, 2027-03-27, 2027-03-26T23:00:00Z",
            "Europe/Rome, 2027-03-28, 2027-03-27T23:00:00Z",
            "Europe/Rome, 2027-03-29, 2027-03-28T22:00:00Z",
            "Europe/Rome, 2027-10-31, 2027-10-30T22:00:00Z",
            "Europe/Rome, 2027-11-01, 2027-10-31T23:00:00Z",
            // New York springs forward at 02:00 on 2027-03-14
            "America/New_York, 2027-03-14, 2027-03-14T05:00:00Z",
            "America/New_York, 2027-03-15, 2027-03-15T04:00:00Z",
            // Santiago's clocks skip midnight itself (2027-09-05 starts at 01:00)
            "America/Santiago, 2027-09-05, 2027-09-05T04:00:00Z" })
    void expiresAtTheStartOfTheDayInTheAccountsZone(String zone, String day, String instant) {
        var request = new GrantRequest("k1", "package", "10", null, null, null, null, day, null, null);

        var lot = request.toLot("lot1", NOW, ZoneId.of(zone));

        assertThat(lot.expiresAt()).isEqualTo(Optional.of(Instant.parse(instant)));
    }

    @ParameterizedTest(name = "{0} without an expiry, validity ''{1}'' -> {2}")
    @CsvSource({
            // two years from the grant, at the same wall-clock time in Rome (10 March is +01:00 both years)
            "package, package=P2Y, 2028-03-10T12:00:00Z",
            "universal, package=P2Y, ''",
            "promotional, 'package=P2Y, promotional=P90D', 2026-06-08T11:00:00Z",
            "package, '', ''" })
    void aKindsDefaultValidityGivesAGrantWithoutAnExpiryOne(String kind, String validity, String expiry) {
        var request = new GrantRequest("k1", kind, "10", null, null, null, null, null, null, null);

        var lot = request.toLot("lot1", NOW, ZoneId.of("Europe/Rome"), Validity.parse(validity));

        assertThat(lot.expiresAt()).isEqualTo(expiry == null || expiry.isEmpty() ? Optional.empty()
                : Optional.of(Instant.parse(expiry)));
    }

    @Test
    void anExpiryInTheGrantWinsOverTheDefault() {
        var request = new GrantRequest("k1", "package", "10", null, null, null, null, "2026-12-01", null, null);

        var lot = request.toLot("lot1", NOW, ZoneId.of("Europe/Rome"), Validity.parse("package=P2Y"));

        assertThat(lot.expiresAt()).contains(Instant.parse("2026-11-30T23:00:00Z"));
    }

    @Test
    void aValidityOfAnUnknownKindOrABadPeriodIsRefused() {
        assertThatThrownBy(() -> Validity.parse("parcel=P2Y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Validity.parse("package=2 years")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Validity.parse("package=P0D")).isInstanceOf(IllegalArgumentException.class);
    }
}
