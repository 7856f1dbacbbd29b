package io.tally.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class ApiKeySecretTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void anIssuedKeyCarriesTheFormatMarkerAndChecksOut() {
        var key = ApiKeySecret.generate(RANDOM);

        assertThat(key).startsWith("tally_2_").hasSize(57);
        assertThat(ApiKeySecret.wellFormed(key)).isTrue();
    }

    @Test
    void everySingleCharacterChangeBreaksTheKey() {
        var key = ApiKeySecret.generate(RANDOM);
        for (int i = 0; i < key.length(); i++) {
            char replacement = key.charAt(i) == 'x' ? 'y' : 'x';
            var changed = key.substring(0, i) + replacement + key.substring(i + 1);
            assertThat(ApiKeySecret.wellFormed(changed)).as(changed).isFalse();
        }
    }

    @Test
    void aKeyIssuedBeforeChecksumsIsStillWellFormed() {
        var legacy = HostileTokensTest.legacyToken();

        assertThat(legacy).hasSize(49);
        assertThat(ApiKeySecret.wellFormed(legacy)).isTrue();
        assertThat(ApiKeySecret.wellFormed("tally_2_" + legacy.substring(8))).as("49 characters, marker or not")
                .isTrue();
    }

    @Test
    void anythingElseIsNot() {
        assertThat(ApiKeySecret.wellFormed("")).isFalse();
        assertThat(ApiKeySecret.wellFormed("tally_")).isFalse();
        assertThat(ApiKeySecret.wellFormed("tally_" + "a".repeat(42) + "=")).isFalse();
        assertThat(ApiKeySecret.wellFormed("other_" + "a".repeat(43))).isFalse();
        assertThat(ApiKeySecret.wellFormed("tally_" + "a".repeat(50))).isFalse();
    }
}
