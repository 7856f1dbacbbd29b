package io.tally.receipt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tally.ledger.LedgerCall;
import io.tally.ledger.LedgerKeys;

/**
 * lua/receipt/receipt-settle.lua: a receipt whose status URL named its reservation (of the receipt's account), mapped,
 * recorded and, when it decides the message, settled in one script. Its arguments are receipt.lua's, then the
 * mapping's and the settle's: the settle's event id and delivery members are the ones {@link Receipts} gives the
 * separate settle, so either way the ledger sees the same event.
 */
record ReceiptSettleCall(ReceiptCall receipt, Duration keep, String eventId, Duration settledKept, String delivery)
        implements
            LedgerCall<MessageState> {
    @Override
    public String script() {
        return "receipt-settle";
    }

    @Override
    public int partition() {
        return receipt.partition();
    }

    private String account() {
        return receipt.receipt().account();
    }

    private LedgerKeys layout() {
        return receipt.layout();
    }

    @Override
    public List<Slot> keySlots() {
        int p = partition();
        var slots = new ArrayList<>(receipt.keySlots());
        slots.add(new Slot("{pN}:hold:<reservationId>", layout().hold(receipt.receipt().reservation())));
        slots.add(new Slot("{pN}:acct:<id>", layout().account(account())));
        slots.add(new Slot("{pN}:deadlines", LedgerKeys.deadlines(p)));
        slots.add(new Slot("{pN}:events", LedgerKeys.events(p)));
        slots.add(new Slot("{pN}:acct:<id>:usable", layout().usable(account())));
        slots.add(new Slot("{pN}:epoch", LedgerKeys.epoch(p)));
        return slots;
    }

    @Override
    public List<Slot> argvSlots() {
        var slots = new ArrayList<>(receipt.argvSlots());
        slots.add(new Slot("reservation id", receipt.receipt().reservation()));
        slots.add(new Slot("how long the message is kept after the hold's deadline", Long.toString(keep.toMillis())));
        slots.add(new Slot("settle event id", eventId));
        slots.add(new Slot("how long a settled hold is kept", Long.toString(settledKept.toMillis())));
        slots.add(new Slot("delivery", delivery));
        return slots;
    }

    @Override
    public MessageState parse(List<String> reply) {
        return MessageState.parse(script(), reply);
    }
}
