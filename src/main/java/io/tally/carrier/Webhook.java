package io.tally.carrier;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.tally.platform.Refusal;

/**
 * A carrier's request exactly as received, for verification: the public URL it was sent to (the configured public
 * base URL, then the path and query as received, never a host from {@code Host} or {@code X-Forwarded-*}), the
 * headers (names in lower case) and the raw body bytes.
 */
public record Webhook(String url, Map<String, List<String>> headers, byte[] body) {

    public Webhook {
        var lower = new TreeMap<String, List<String>>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        headers = Map.copyOf(lower);
        body = body.clone();
    }

    /** The body's bytes (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, by its name in any case. */
    public Optional<String> header(String name) {
        var values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The query string as received, without {@code ?}; empty when there is none. */
    public String rawQuery() {
        int mark = url.indexOf('?');
        return mark < 0 ? "" : url.substring(mark + 1);
    }

    /** The query parameters, decoded, in the order sent. */
    public List<Map.Entry<String, String>> query() {
        return form(rawQuery());
    }

    public Optional<String> queryParameter(String name) {
        return query().stream().filter(p -> p.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }

    /** Whether the body is form data ({@code application/x-www-form-urlencoded}). */
    public boolean isForm() {
        return header("content-type").map(type -> type.toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")).orElse(false);
    }

    /** Whether the body is JSON ({@code application/json} or {@code application/*+json}). */
    public boolean isJson() {
        return header("content-type").map(type -> {
            var media = type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
            return media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
        }).orElse(false);
    }

    /** The body read as form data, decoded, in the order sent (empty when the body is not form data). */
    public List<Map.Entry<String, String>> formParameters() {
        return isForm() ? form(bodyText()) : List.of();
    }

    /** Decodes {@code application/x-www-form-urlencoded} text: '+' is a space, %XX a UTF-8 byte. */
    static List<Map.Entry<String, String>> form(String encoded) {
        var parameters = new ArrayList<Map.Entry<String, String>>();
        if (encoded.isEmpty()) {
            return parameters;
        }
        for (var pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            var name = eq < 0 ? pair : pair.substring(0, eq);
            var value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.add(Map.entry(decode(name), decode(value)));
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("body", "body: malformed form encoding");
        }
    }
}
