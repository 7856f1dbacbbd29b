package io.tally.receipt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tally.ledger.LedgerCall;
import io.tally.ledger.LedgerKeys;

/** lua/receipt/receipt.lua: one receipt recorded (its error code already made safe to store). */
record ReceiptCall(Receipt receipt, Instant now, Duration parking, ReceiptPolicy policy, LedgerKeys layout)
        implements
            LedgerCall<MessageState> {
    @Override
    public String script() {
        return "receipt";
    }

    @Override
    public int partition() {
        return layout.partition(receipt.account());
    }

    @Override
    public List<Slot> keySlots() {
        int p = partition();
        return List.of(new Slot("{pN}:dlr:<account>:<carrier>:<messageId>",
                ReceiptKeys.message(p, receipt.account(), receipt.carrier(), receipt.messageId())),
                new Slot("{pN}:dlr:parked", ReceiptKeys.parked(p)));
    }

    @Override
    public List<Slot> argvSlots() {
        return List.of(new Slot("part", Integer.toString(receipt.part())),
                new Slot("parts", receipt.parts() == null ? "" : receipt.parts().toString()),
                new Slot("status", receipt.status().name()),
                new Slot("error code", receipt.errorCode() == null ? "" : receipt.errorCode()),
                new Slot("occurred_ms", Long.toString(receipt.occurredAt().toEpochMilli())),
                new Slot("segments", receipt.segments() == null ? "" : receipt.segments().toString()),
                new Slot("parked member", ReceiptKeys.member(receipt.account(), receipt.carrier(),
                        receipt.messageId())),
                new Slot("now_ms", Long.toString(now.toEpochMilli())),
                new Slot("how long a parked message is kept", Long.toString(parking.toMillis())),
                new Slot("policy", policy.encoded()));
    }

    @Override
    public MessageState parse(List<String> reply) {
        return MessageState.parse(script(), reply);
    }
}
