package io.tally.carrier;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;
import io.tally.pricing.Destination;

/** The body of {@code PUT /v1/accounts/{account}/numbers}: all of the account's numbers. */
record NumbersRequest(List<Entry> numbers) {
    static final int MAX_NUMBERS = 10_000;

    record Entry(String number, String subAccount, String product, String user) {
    }

    List<AssignedNumber> toNumbers(String account) {
        Fields.required("numbers", numbers);
        if (numbers.size() > MAX_NUMBERS) {
            throw Refusal.invalid("numbers", "numbers: at most " + MAX_NUMBERS);
        }
        var seen = new HashSet<String>();
        return IntStream.range(0, numbers.size()).mapToObj(i -> {
            var entry = Fields.required("numbers[" + i + "]", numbers.get(i));
            var field = "numbers[" + i + "].number";
            var number = Fields.required(field, entry.number());
            if (!number.startsWith("+") || Destination.parse(number).isEmpty()) {
                throw Refusal.invalid(field, field + ": an E.164 number such as +393471234567");
            }
            if (!seen.add(number)) {
                throw Refusal.invalid(field, field + ": listed twice");
            }
            if (entry.subAccount() != null) {
                Fields.id("numbers[" + i + "].subAccount", entry.subAccount());
            }
            Fields.optionalText("numbers[" + i + "].product", entry.product(), 128);
            Fields.optionalText("numbers[" + i + "].user", entry.user(), 128);
            return new AssignedNumber(number, account, entry.subAccount(), entry.product(), entry.user());
        }).toList();
    }
}
