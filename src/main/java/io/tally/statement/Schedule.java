package io.tally.statement;

import java.util.List;

/** An account's statements emailed after each period to its recipients. */
public record Schedule(String account, Frequency frequency, List<String> recipients) {
    public Schedule {
        recipients = List.copyOf(recipients);
    }
}
