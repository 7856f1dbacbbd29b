package io.tally.payment;

import java.util.OptionalLong;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;
import io.tally.pricing.Credits;

/**
 * The body of {@code PUT /v1/accounts/{account}/auto-recharge}: credits as JSON numbers or strings (at most 6
 * decimals), {@code amount} or {@code target}, not both.
 */
public record AutoRechargeRequest(Boolean enabled, String threshold, String amount, String target, String paymentMethod,
        String maxPerMonth) {

    AutoRecharge toSettings(String account) {
        long below = positive("threshold", Fields.required("threshold", threshold));
        if ((amount == null) == (target == null)) {
            throw Refusal.invalid(amount == null ? "amount" : "target",
                    "amount: give amount (credits bought each time) or target (credits to top up to), not both");
        }
        var fixed = amount == null ? OptionalLong.empty() : OptionalLong.of(positive("amount", amount));
        var upTo = target == null ? OptionalLong.empty() : OptionalLong.of(positive("target", target));
        if (upTo.isPresent() && upTo.getAsLong() <= below) {
            throw Refusal.invalid("target", "target: must be above the threshold");
        }
        var method = Fields.text("paymentMethod", paymentMethod, 200);
        if (!method.matches("[\\x21-\\x7e]+")) {
            throw Refusal.invalid("paymentMethod", "paymentMethod: printable ASCII without spaces");
        }
        var cap = maxPerMonth == null ? OptionalLong.empty() : OptionalLong.of(positive("maxPerMonth", maxPerMonth));
        return new AutoRecharge(account, enabled == null || enabled, below, fixed, upTo, method, cap);
    }

    private static long positive(String field, String text) {
        var parsed = Credits.parse(text);
        if (parsed instanceof Credits.Parsed.Invalid invalid) {
            throw Refusal.invalid(field, field + ": " + invalid.reason());
        }
        long micros = ((Credits.Parsed.Valid) parsed).micros();
        if (micros == 0) {
            throw Refusal.invalid(field, field + ": must be more than 0");
        }
        return micros;
    }
}
