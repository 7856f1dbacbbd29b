package io.tally.carrier;

import java.time.Instant;

/**
 * One carrier webhook in Tally's terms: an inbound message ({@code status} null) or a delivery receipt of one part
 * of a sent message.
 *
 * @param carrier who sent it
 * @param messageId the carrier's id of the message (inbound: of the received message)
 * @param part the part this receipt is about, from 1 (1 when the carrier reports the message as a whole)
 * @param parts how many parts the carrier counts for the message, when it says
 * @param status the normalized delivery status; null for an inbound message
 * @param errorCode the carrier's error code, as it writes it; null when none
 * @param occurredAt when it happened by the carrier's account, or when Tally received it when the carrier does not say
 * @param segments the segments the carrier counted (billed), when it says
 * @param price the price the carrier reports, as decimal text in its currency, when it says
 * @param currency that price's currency (ISO 4217), when it says
 * @param from the sender: a handset for an inbound message, the account's number for a receipt
 * @param to the recipient: one of the account's numbers for an inbound message, a handset for a receipt
 * @param text the message text, for an inbound message when the carrier sends it
 */
public record CarrierEvent(Carrier carrier, String messageId, int part, Integer parts, ReceiptStatus status,
        String errorCode, Instant occurredAt, Integer segments, String price, String currency, String from,
        String to, String text) {

    public boolean isReceipt() {
        return status != null;
    }

    static CarrierEvent inbound(Carrier carrier, String messageId, Instant occurredAt, Integer segments, String price,
            String currency, String from, String to, String text) {
        return new CarrierEvent(carrier, messageId, 1, segments, null, null, occurredAt, segments, price, currency,
                from, to, text);
    }
}
