package io.tally.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import io.tally.pricing.Credits;

/**
 * A usage record as {@code GET /v1/accounts/{account}/usage} answers it: amounts in credits, exact; {@code metadata}
 * the caller's JSON object as stored; {@code carrier}, {@code carrierMessageId} and {@code deliveryStatus} those of the
 * delivery receipt that settled it; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageRecordView(String id, Instant occurredAt, String account, String subAccount, String kind, String status,
        String idempotencyKey, String service, String direction, String from, String to, String country, String city,
        Integer segments, String encoding, Integer characters, Long units, Long billed, BigDecimal rate,
        BigDecimal cost, BigDecimal credits, List<ChargeView> charges, BigDecimal debtIncurred, Boolean overLimit,
        String product, String user, String group, String contact, String title, @JsonRawValue String metadata,
        Instant settledAt, Instant updatedAt, String carrier, String carrierMessageId, String deliveryStatus) {

    public record ChargeView(String lot, BigDecimal credits) {
    }

    /** The stored {@code lotId:amount,…} list, in order. */
    static List<ChargeView> charges(String stored) {
        var charges = new ArrayList<ChargeView>();
        if (stored != null && !stored.isEmpty()) {
            for (var part : stored.split(",")) {
                int colon = part.lastIndexOf(':');
                charges.add(new ChargeView(part.substring(0, colon),
                        Credits.decimal(Long.parseLong(part.substring(colon + 1)))));
            }
        }
        return charges;
    }

    /** A stored enum name as the API spells it: {@code AI_AGENT} is {@code ai-agent}. */
    static String label(String stored) {
        if (stored == null) {
            return null;
        }
        var label = LABELS.get(stored);
        if (label == null) {
            label = stored.toLowerCase(Locale.ROOT).replace('_', '-');
            if (LABELS.size() < MAX_LABELS) {
                LABELS.put(stored, label);
            }
        }
        return label;
    }

    /**
     * The labels of the stored names seen so far (services and directions: a handful), so that an export of millions
     * of rows does not lower-case the same few names again for each; bounded, in case of a column of many names.
     */
    private static final Map<String, String> LABELS = new ConcurrentHashMap<>();
    private static final int MAX_LABELS = 1024;

    static BigDecimal credits(Long micros) {
        return micros == null ? null : Credits.decimal(micros);
    }
}
