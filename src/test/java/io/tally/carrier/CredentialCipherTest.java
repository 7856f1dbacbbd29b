package io.tally.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Credentials at rest: AES-GCM, bound to their connection, unreadable without the key. */
class CredentialCipherTest {
    private static final String KEY = "dGVzdC1vbmx5LWNhcnJpZXItY3JlZGVudGlhbHMta2U=";
    private final CredentialCipher cipher = new CredentialCipher(KEY);

    @Test
    void credentialsRoundTripAndTheStoredBytesHoldNoSecret() {
        var plain = CredentialsJson.write(new Credentials.TwilioTokens(List.of("secret-token-123")));
        var sealed = cipher.encrypt("cc-1", plain);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret-token-123");
        assertThat(CredentialsJson.read(cipher.decrypt("cc-1", sealed)))
                .isEqualTo(new Credentials.TwilioTokens(List.of("secret-token-123")));
        assertThat(cipher.encrypt("cc-1", plain)).isNotEqualTo(sealed);
    }

    @Test
    void anotherConnectionsRowOrAnotherKeyDoesNotDecrypt() {
        var sealed = cipher.encrypt("cc-1", CredentialsJson.write(new Credentials.GenericSecret("whsec_x")));
        assertThatThrownBy(() -> cipher.decrypt("cc-2", sealed)).isInstanceOf(IllegalStateException.class);
        var other = new CredentialCipher("ZGV2LW9ubHktY2Fycmllci1jcmVkZW50aWFscy1rZXk=");
        assertThatThrownBy(() -> other.decrypt("cc-1", sealed)).isInstanceOf(IllegalStateException.class);
        sealed[20] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt("cc-1", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyCarriersCredentialsAreStoredAndReadBack() {
        for (var credentials : List.<Credentials> of(new Credentials.TwilioTokens(List.of("a", "b")),
                new Credentials.VonageSecret("s", SignatureMethod.SHA512), new Credentials.TelnyxKey("k"),
                new Credentials.Basic(Carrier.SINCH, "u", "p"), new Credentials.Basic(Carrier.BANDWIDTH, "u", "p"),
                new Credentials.GenericSecret("whsec_x"))) {
            assertThat(CredentialsJson.read(CredentialsJson.write(credentials))).isEqualTo(credentials);
        }
    }

    @Test
    void aKeyThatIsNot32BytesIsRefusedAtStart() {
        assertThatThrownBy(() -> new CredentialCipher("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }
}
