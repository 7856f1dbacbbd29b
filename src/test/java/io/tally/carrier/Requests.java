package io.tally.carrier;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Webhooks as a carrier would send them, and the tampering the verifiers must catch. */
final class Requests {
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    private Requests() {
    }

    static Webhook webhook(String url, String contentType, String body, String... headers) {
        return webhook(url, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static Webhook webhook(String url, String contentType, byte[] body, String... headers) {
        var map = new LinkedHashMap<String, List<String>>();
        if (contentType != null) {
            map.put("Content-Type", List.of(contentType));
        }
        for (int i = 0; i < headers.length; i += 2) {
            map.computeIfAbsent(headers[i], h -> new ArrayList<>()).add(headers[i + 1]);
        }
        return new Webhook(url, map, body);
    }

    static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The same request with one bit of its body flipped. */
    static Webhook flipBit(Webhook webhook) {
        var body = webhook.body();
        body[body.length / 2] ^= 1;
        return new Webhook(webhook.url(), webhook.headers(), body);
    }

    static Webhook withUrl(Webhook webhook, String url) {
        return new Webhook(url, webhook.headers(), webhook.body());
    }

    static Webhook withBody(Webhook webhook, String body) {
        return new Webhook(webhook.url(), webhook.headers(), body.getBytes(StandardCharsets.UTF_8));
    }

    static Webhook without(Webhook webhook, String header) {
        var headers = new LinkedHashMap<>(webhook.headers());
        headers.remove(header.toLowerCase(java.util.Locale.ROOT));
        return new Webhook(webhook.url(), headers, webhook.body());
    }

    static Webhook withHeader(Webhook webhook, String header, String value) {
        var headers = new LinkedHashMap<>(webhook.headers());
        headers.put(header.toLowerCase(java.util.Locale.ROOT), List.of(value));
        return new Webhook(webhook.url(), headers, webhook.body());
    }
}
