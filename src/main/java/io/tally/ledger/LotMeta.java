package io.tally.ledger;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The immutable description of a lot as Redis keeps it ({@code meta:<lotId>}) and as a grant event carries it:
 * {@code kind|services|priority|from_ms|expires_ms|seq|granted|refresh period|refresh rollover} (services
 * comma-separated and sorted, empty = all; empty priority = by kind; empty expiry = never; empty refresh = none).
 */
public final class LotMeta {
    private LotMeta() {
    }

    public static String format(Lot lot) {
        return String.join("|", lot.kind().name(), services(lot),
                lot.priority().isPresent() ? Integer.toString(lot.priority().getAsInt()) : "",
                Long.toString(lot.effectiveFrom().toEpochMilli()),
                lot.expiresAt().map(at -> Long.toString(at.toEpochMilli())).orElse(""), Long.toString(lot.seq()),
                Long.toString(lot.granted()), lot.refresh().map(Refresh::period).orElse(""),
                lot.refresh().map(Refresh::rollover).orElse(""));
    }

    /** The lot {@code id} described by {@code meta}, with {@code remaining} credits left. */
    public static Lot parse(String id, String meta, long remaining) {
        var m = meta.split("\\|", -1);
        if (m.length != 9) {
            throw new IllegalArgumentException("a lot meta has 9 fields: " + meta);
        }
        var services = new HashSet<Service>();
        if (!m[1].isEmpty()) {
            Arrays.stream(m[1].split(",")).map(Service::new).forEach(services::add);
        }
        return new Lot(id, LotKind.valueOf(m[0]), services,
                m[2].isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m[2])),
                Instant.ofEpochMilli(Long.parseLong(m[3])),
                m[4].isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(m[4]))),
                Long.parseLong(m[6]), remaining, Long.parseLong(m[5]),
                m[7].isEmpty() ? Optional.empty() : Optional.of(new Refresh(m[7], m[8])));
    }

    static String services(Lot lot) {
        return lot.services().stream().map(Service::name).sorted().collect(Collectors.joining(","));
    }
}
