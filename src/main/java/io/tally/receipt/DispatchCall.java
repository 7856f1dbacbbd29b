package io.tally.receipt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tally.ledger.LedgerCall;
import io.tally.ledger.LedgerKeys;

/** lua/receipt/dispatch.lua: the carrier message {@code messageId} settles {@code reservationId} of {@code account}. */
record DispatchCall(String account, String carrier, String messageId, String reservationId, Integer parts,
        Instant now, Duration keep, ReceiptPolicy policy, LedgerKeys layout) implements LedgerCall<MessageState> {
    @Override
    public String script() {
        return "dispatch";
    }

    @Override
    public int partition() {
        return layout.partition(account);
    }

    @Override
    public List<Slot> keySlots() {
        int p = partition();
        return List.of(new Slot("{pN}:dlr:<account>:<carrier>:<messageId>",
                ReceiptKeys.message(p, account, carrier, messageId)),
                new Slot("{pN}:hold:<reservationId>", layout.hold(reservationId)),
                new Slot("{pN}:dlr:parked", ReceiptKeys.parked(p)));
    }

    @Override
    public List<Slot> argvSlots() {
        return List.of(new Slot("reservation id", reservationId),
                new Slot("parts", parts == null ? "" : parts.toString()),
                new Slot("parked member", ReceiptKeys.member(account, carrier, messageId)),
                new Slot("now_ms", Long.toString(now.toEpochMilli())),
                new Slot("how long the message is kept after the hold's deadline", Long.toString(keep.toMillis())),
                new Slot("policy", policy.encoded()));
    }

    @Override
    public MessageState parse(List<String> reply) {
        return MessageState.parse(script(), reply);
    }
}
