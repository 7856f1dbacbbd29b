package io.tally.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The wire form of charges in replies and events: {@code lotId:amount,lotId:amount} (empty when none). */
final class Charges {
    private Charges() {
    }

    static String format(List<Charge> charges) {
        return charges.stream()
                .map(charge -> charge.lotId() + ":" + charge.amount())
                .collect(Collectors.joining(","));
    }

    static List<Charge> parse(String text) {
        var charges = new ArrayList<Charge>();
        if (text.isEmpty()) {
            return charges;
        }
        for (var part : text.split(",")) {
            int colon = part.indexOf(':');
            charges.add(new Charge(part.substring(0, colon), Long.parseLong(part.substring(colon + 1))));
        }
        return charges;
    }
}
