package io.tally.carrier;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vonage's two proofs. The SMS API signs its parameters with {@code sig}: every parameter but {@code sig}, sorted by
 * name, as {@code &name=value} (with {@code &} and {@code =} in values replaced by {@code _}), then either the MD5
 * of that text followed by the secret ({@code md5hash}) or an HMAC of it keyed by the secret, in hex; its
 * {@code timestamp} must be within 300 s of now. The Messages API sends {@code Authorization: Bearer <JWT>}, HS256
 * with the same secret, whose {@code payload_hash} claim is the SHA-256 (hex) of the body and {@code iat} its time.
 */
final class VonageSignature {
    static final Duration TOLERANCE = Duration.ofSeconds(300);

    private VonageSignature() {
    }

    /**
     * @param parameters the request's parameters: the query for GET, the form or the JSON object's top-level values
     *        for POST
     */
    static Verification verifySms(Map<String, String> parameters, String secret, SignatureMethod method, Instant now) {
        var given = parameters.get("sig");
        if (given == null) {
            return Verification.missing("no sig parameter (enable signed webhooks for the API key)");
        }
        var timestamp = parameters.get("timestamp");
        if (timestamp == null) {
            return Verification.wrong("timestamp: required with sig");
        }
        var stale = Timestamps.outside(timestamp, now, TOLERANCE);
        if (stale != null) {
            return Verification.wrong("timestamp: " + stale);
        }
        return Signatures.same(sign(parameters, secret, method), given.toLowerCase(Locale.ROOT))
                ? Verification.VERIFIED
                : Verification.wrong("sig does not match");
    }

    /** The {@code sig} of these parameters, lower-case hex. */
    static String sign(Map<String, String> parameters, String secret, SignatureMethod method) {
        var text = new StringBuilder();
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (!name.equals("sig")) {
                text.append('&').append(name).append('=').append(value.replace('&', '_').replace('=', '_'));
            }
        });
        if (method == SignatureMethod.MD5HASH) {
            return Signatures.hex(Signatures.digest("MD5", Signatures.utf8(text + secret)));
        }
        return Signatures.hex(Signatures.hmac(method.mac(), secret, text.toString()));
    }

    /** A Messages API webhook: the bearer JWT's HS256 signature, its {@code iat} and {@code payload_hash}. */
    static Verification verifyJwt(Webhook webhook, String secret, Instant now, JsonReader json) {
        var header = webhook.header("authorization").orElse("");
        if (!header.regionMatches(true, 0, "bearer ", 0, 7)) {
            return Verification.missing("no Authorization: Bearer JWT");
        }
        var parts = header.substring(7).trim().split("\\.", -1);
        if (parts.length != 3) {
            return Verification.wrong("Authorization: not a JWT");
        }
        var expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                Signatures.hmac("HmacSHA256", secret, parts[0] + "." + parts[1]));
        if (!Signatures.same(expected, parts[2])) {
            return Verification.wrong("the JWT's signature does not match");
        }
        Map<String, Object> head;
        Map<String, Object> claims;
        try {
            head = json.read(Base64.getUrlDecoder().decode(parts[0]));
            claims = json.read(Base64.getUrlDecoder().decode(parts[1]));
        } catch (RuntimeException e) {
            return Verification.wrong("the JWT's header or claims are not JSON");
        }
        if (!"HS256".equals(head.get("alg"))) {
            return Verification.wrong("the JWT must be HS256");
        }
        if (!(claims.get("iat") instanceof Number iat)) {
            return Verification.wrong("the JWT has no iat");
        }
        var stale = Timestamps.outside(Long.toString(iat.longValue()), now, TOLERANCE);
        if (stale != null) {
            return Verification.wrong("the JWT's iat is " + stale);
        }
        if (!(claims.get("payload_hash") instanceof String hash)) {
            return Verification.wrong("the JWT has no payload_hash");
        }
        var actual = Signatures.hex(Signatures.digest("SHA-256", webhook.body()));
        return Signatures.same(actual, hash.toLowerCase(Locale.ROOT))
                ? Verification.VERIFIED
                : Verification.wrong("the body does not match the JWT's payload_hash");
    }

    /** The parameters of an SMS API webhook: query, then form or JSON body (a later value wins). */
    static Map<String, String> parameters(Webhook webhook, JsonReader json) {
        var parameters = new TreeMap<String, String>();
        webhook.query().forEach(p -> parameters.put(p.getKey(), p.getValue()));
        if (webhook.isJson()) {
            json.read(webhook.body()).forEach((name, value) -> {
                if (value != null && !(value instanceof Map) && !(value instanceof List)) {
                    parameters.put(name, value.toString());
                }
            });
        } else {
            webhook.formParameters().forEach(p -> parameters.put(p.getKey(), p.getValue()));
        }
        return parameters;
    }
}
