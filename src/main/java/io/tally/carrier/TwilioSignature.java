package io.tally.carrier;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Twilio's {@code X-Twilio-Signature}: base64 of HMAC-SHA1, keyed by the Auth Token, over the full URL Twilio called
 * followed by every POST parameter's name and value, sorted by name. A JSON body is signed through the URL instead:
 * its SHA-256 (hex) is the {@code bodySHA256} query parameter, and the signature covers the URL alone.
 */
final class TwilioSignature {
    static final String HEADER = "X-Twilio-Signature";

    private TwilioSignature() {
    }

    static Verification verify(Webhook webhook, List<String> authTokens) {
        var given = webhook.header(HEADER);
        if (given.isEmpty()) {
            return Verification.missing("no " + HEADER + " header");
        }
        var bodyHash = webhook.queryParameter("bodySHA256");
        String signed;
        if (bodyHash.isPresent()) {
            var actual = Signatures.hex(Signatures.digest("SHA-256", webhook.body()));
            if (!Signatures.same(actual, bodyHash.get().toLowerCase(Locale.ROOT))) {
                return Verification.wrong("the body does not match its bodySHA256");
            }
            signed = webhook.url();
        } else if (webhook.isForm() || webhook.body().length == 0) {
            signed = signedText(webhook.url(), webhook.formParameters());
        } else {
            return Verification.wrong("a body that is not form data must be signed through bodySHA256");
        }
        for (var token : authTokens) {
            var expected = Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA1", token, signed));
            if (Signatures.same(expected, given.get())) {
                return Verification.VERIFIED;
            }
        }
        return Verification.wrong(HEADER + " does not match");
    }

    /** The URL, then each parameter's name and value, sorted by name (and by value for repeated names). */
    static String signedText(String url, List<Map.Entry<String, String>> parameters) {
        var text = new StringBuilder(url);
        parameters.stream()
                .sorted(Map.Entry.<String, String> comparingByKey().thenComparing(Map.Entry.comparingByValue(
                        Comparator.naturalOrder())))
                .forEach(p -> text.append(p.getKey()).append(p.getValue()));
        return text.toString();
    }

    /** The header value Twilio would send for this URL and these parameters (tests and tools). */
    static String sign(String authToken, String url, List<Map.Entry<String, String>> parameters) {
        return Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA1", authToken, signedText(url, parameters)));
    }
}
