package io.tally.platform;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a list read newest first by keyset ({@code at}, then {@code id}), and the opaque cursor a page answers
 * for it ({@code seconds.nanos|id}, base64url); also the {@code limit} parameter such pages take.
 */
public record Keyset(Instant at, String id) {
    /** The cursor naming this position. */
    public String cursor() {
        var text = at.getEpochSecond() + "." + at.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names; 400 naming {@code cursor} for anything else. */
    public static Keyset of(String cursor) {
        try {
            var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            int dot = text.indexOf('.');
            if (bar > 0 && dot > 0 && dot < bar) {
                return new Keyset(Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)),
                        Long.parseLong(text.substring(dot + 1, bar))), text.substring(bar + 1));
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            // refused below
        }
        throw Refusal.invalid("cursor", "cursor: not a cursor this endpoint answered");
    }

    /** The page size asked for ({@code null}: the default); 400 naming {@code limit} outside 1 to {@code max}. */
    public static int limit(String text, int defaultLimit, int max) {
        if (text == null) {
            return defaultLimit;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.invalid("limit", "limit: a whole number from 1 to " + max);
    }
}
