package io.tally.carrier;

import static io.tally.carrier.Requests.FORM;
import static io.tally.carrier.Requests.JSON;
import static io.tally.carrier.Requests.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tally.platform.Refusal;

/** Each carrier's webhooks read into one canonical event, statuses normalized. */
class CarrierEventsTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-01T12:00:05Z");
    private static final String URL = "https://tally.example/v1/carriers/x/c1/inbound";
    private final Carriers carriers = new Carriers(new CarrierJson());

    private CarrierEvent one(Carrier carrier, Hook hook, Webhook webhook) {
        var events = carriers.parse(carrier, webhook, hook, RECEIVED);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void twilioInboundAndStatus() {
        var inbound = one(Carrier.TWILIO, Hook.INBOUND, webhook(URL, FORM,
                "MessageSid=SM1&From=%2B393471234567&To=%2B13125550001&Body=Hi%09there&NumSegments=1"));
        assertThat(inbound).isEqualTo(new CarrierEvent(Carrier.TWILIO, "SM1", 1, 1, null, null, RECEIVED, 1, null,
                null, "+393471234567", "+13125550001", "Hi\tthere"));
        var status = one(Carrier.TWILIO, Hook.STATUS, webhook(URL, FORM,
                "MessageSid=SM2&MessageStatus=undelivered&ErrorCode=30003&From=%2B1312&To=%2B3934"
                        + "&RawDlrDoneDate=2612011201"));
        assertThat(status.status()).isEqualTo(ReceiptStatus.UNDELIVERED);
        assertThat(status.errorCode()).isEqualTo("30003");
        assertThat(status.occurredAt()).isEqualTo(Instant.parse("2026-12-01T12:01:00Z"));
        assertThatThrownBy(() -> one(Carrier.TWILIO, Hook.STATUS, webhook(URL, FORM, "MessageSid=SM2")))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.field()).isEqualTo("MessageStatus"));
    }

    @ParameterizedTest(name = "twilio {0} is {1}")
    @CsvSource({ "queued, ACCEPTED", "sent, SENT", "delivered, DELIVERED", "read, DELIVERED",
            "undelivered, UNDELIVERED", "failed, FAILED", "canceled, FAILED", "whatever, UNKNOWN" })
    void twilioStatuses(String status, ReceiptStatus expected) {
        assertThat(Twilio.status(status)).isEqualTo(expected);
    }

    @Test
    void telnyxInboundAndStatus() {
        var inbound = one(Carrier.TELNYX, Hook.INBOUND, webhook(URL, JSON, """
                {"data":{"event_type":"message.received","id":"e1","occurred_at":"2026-12-01T11:59:59.000+00:00",
                "payload":{"id":"m1","from":{"phone_number":"+393471234567"},"to":[{"phone_number":"+13125550001"}],
                "text":"Ciao","parts":1,"cost":{"amount":"0.0040","currency":"USD"}}}}"""));
        assertThat(inbound).isEqualTo(new CarrierEvent(Carrier.TELNYX, "m1", 1, 1, null, null,
                Instant.parse("2026-12-01T11:59:59Z"), 1, "0.0040", "USD", "+393471234567", "+13125550001", "Ciao"));
        var status = one(Carrier.TELNYX, Hook.STATUS, webhook(URL, JSON, """
                {"data":{"event_type":"message.finalized","occurred_at":"2026-12-01T12:00:01Z",
                "payload":{"id":"m2","from":{"phone_number":"+13125550001"},
                "to":[{"phone_number":"+393471234567","status":"delivery_failed"}],"parts":2,
                "errors":[{"code":"40300","title":"Blocked"}]}}}"""));
        assertThat(status.status()).isEqualTo(ReceiptStatus.UNDELIVERED);
        assertThat(status.errorCode()).isEqualTo("40300");
        assertThat(status.segments()).isEqualTo(2);
        assertThatThrownBy(() -> one(Carrier.TELNYX, Hook.INBOUND, webhook(URL, JSON, """
                {"data":{"event_type":"message.sent","payload":{"id":"m3"}}}""")))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.field()).isEqualTo("data.event_type"));
    }

    @Test
    void vonageSmsApiAndMessagesApi() {
        var inbound = one(Carrier.VONAGE, Hook.INBOUND, webhook(URL + "?msisdn=393471234567&to=13125550001"
                + "&messageId=0A0000001&text=Hello&type=text&message-timestamp=2026-12-01+11%3A59%3A58", null, ""));
        assertThat(inbound).isEqualTo(new CarrierEvent(Carrier.VONAGE, "0A0000001", 1, null, null, null,
                Instant.parse("2026-12-01T11:59:58Z"), null, null, null, "+393471234567", "+13125550001", "Hello"));
        var receipt = one(Carrier.VONAGE, Hook.STATUS, webhook(URL, FORM, "msisdn=393471234567&to=13125550001"
                + "&messageId=0A0000002&status=expired&err-code=5&price=0.03330000"));
        assertThat(receipt.status()).isEqualTo(ReceiptStatus.UNDELIVERED);
        assertThat(receipt.errorCode()).isEqualTo("5");
        assertThat(receipt.price()).isEqualTo("0.03330000");
        assertThat(receipt.to()).isEqualTo("+393471234567");
        var messages = one(Carrier.VONAGE, Hook.STATUS, webhook(URL, JSON, """
                {"message_uuid":"u1","to":"393471234567","from":"13125550001","timestamp":"2026-12-01T12:00:00Z",
                "status":"delivered","usage":{"currency":"EUR","price":"0.0333"},"sms":{"count_total":"2"}}"""));
        assertThat(messages).isEqualTo(new CarrierEvent(Carrier.VONAGE, "u1", 1, 2, ReceiptStatus.DELIVERED, null,
                Instant.parse("2026-12-01T12:00:00Z"), 2, "0.0333", "EUR", "+13125550001", "+393471234567", null));
    }

    @Test
    void sinchInboundAndReceipt() {
        var inbound = one(Carrier.SINCH, Hook.INBOUND, webhook(URL, JSON, """
                {"type":"mo_text","id":"01F","from":"393471234567","to":"13125550001","body":"Yo",
                "received_at":"2026-12-01T11:59:00.000Z"}"""));
        assertThat(inbound.from()).isEqualTo("+393471234567");
        assertThat(inbound.text()).isEqualTo("Yo");
        var receipt = one(Carrier.SINCH, Hook.STATUS, webhook(URL, JSON, """
                {"type":"recipient_delivery_report_sms","batch_id":"B1","recipient":"393471234567","code":0,
                "status":"Delivered","at":"2026-12-01T12:00:00Z"}"""));
        assertThat(receipt).isEqualTo(new CarrierEvent(Carrier.SINCH, "B1", 1, null, ReceiptStatus.DELIVERED, null,
                Instant.parse("2026-12-01T12:00:00Z"), null, null, null, null, "+393471234567", null));
    }

    @Test
    void bandwidthBatchesEvents() {
        var events = carriers.parse(Carrier.BANDWIDTH, webhook(URL, JSON, """
                [{"type":"message-delivered","time":"2026-12-01T12:00:00Z","to":"+393471234567",
                  "message":{"id":"b1","from":"+13125550001","segmentCount":2}},
                 {"type":"message-failed","time":"2026-12-01T12:00:01Z","to":"+393471234568","errorCode":4720,
                  "message":{"id":"b2","from":"+13125550001","segmentCount":1}}]"""), Hook.STATUS, RECEIVED);
        assertThat(events).extracting(CarrierEvent::messageId, CarrierEvent::status, CarrierEvent::errorCode,
                CarrierEvent::segments).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("b1", ReceiptStatus.DELIVERED, null, 2),
                        org.assertj.core.groups.Tuple.tuple("b2", ReceiptStatus.FAILED, "4720", 1));
        var inbound = carriers.parse(Carrier.BANDWIDTH, webhook(URL, JSON, """
                [{"type":"message-received","time":"2026-12-01T12:00:00Z","to":"+13125550001",
                  "message":{"id":"b3","from":"+393471234567","text":"hey","segmentCount":1,"direction":"in"}}]"""),
                Hook.INBOUND, RECEIVED);
        assertThat(inbound).extracting(CarrierEvent::text).containsExactly("hey");
    }

    @Test
    void genericJsonAndSmppReceipts() {
        var receipt = one(Carrier.GENERIC, Hook.STATUS, webhook(URL, JSON, """
                {"messageId":"g1","part":2,"parts":3,"status":"delivered","segments":1,
                "occurredAt":"2026-12-01T12:00:00Z"}"""));
        assertThat(receipt).isEqualTo(new CarrierEvent(Carrier.GENERIC, "g1", 2, 3, ReceiptStatus.DELIVERED, null,
                Instant.parse("2026-12-01T12:00:00Z"), 1, null, null, null, null, null));
        var smpp = one(Carrier.GENERIC, Hook.STATUS, webhook(URL, "text/plain",
                "id:0123456789 sub:001 dlvrd:001 submit date:2612011158 done date:2612011200 stat:DELIVRD err:000"
                        + " text:Hello world"));
        assertThat(smpp).isEqualTo(new CarrierEvent(Carrier.GENERIC, "0123456789", 1, null,
                ReceiptStatus.DELIVERED, null, Instant.parse("2026-12-01T12:00:00Z"), null, null, null, null, null,
                null));
        var inJson = one(Carrier.GENERIC, Hook.STATUS, webhook(URL, JSON,
                "{\"smppReceipt\":\"id:abc-1 sub:001 dlvrd:000 submit date:261201115800 done date:261201120030"
                        + " stat:UNDELIV err:00B text:x\"}"));
        assertThat(inJson.status()).isEqualTo(ReceiptStatus.UNDELIVERED);
        assertThat(inJson.errorCode()).isEqualTo("00B");
        assertThat(inJson.occurredAt()).isEqualTo(Instant.parse("2026-12-01T12:00:30Z"));
        assertThatThrownBy(() -> one(Carrier.GENERIC, Hook.STATUS, webhook(URL, JSON,
                "{\"messageId\":\"g1\",\"status\":\"lost\"}")))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.field()).isEqualTo("status"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "id:1 sub:001 dlvrd:001 submit date:2612011158 done date:2612011200 stat:DELIVRD err:000 text:x | 1 | DELIVERED | ",
            "ID:7F2A SUB:001 DLVRD:000 SUBMIT DATE:2612011158 DONE DATE:2612011200 STAT:REJECTD ERR:069 TEXT: | 7F2A | REJECTED | 069",
            "id:42 stat:EXPIRED err:001                                                                      | 42 | UNDELIVERED | 001",
            "id:42 sub:001 dlvrd:000 submit date:2612011158 done date:2612011200 stat:ACCEPTD err:000 text:  | 42 | ACCEPTED | ",
            "id:42 sub:001 dlvrd:000 submit date:2612011158 done date:2612011200 stat:ENROUTE err:000 text:  | 42 | ACCEPTED | ",
            "id:42 sub:001 dlvrd:000 submit date:2612011158 done date:2612011200 stat:DELETED err:000 text:  | 42 | FAILED | ",
            "id:42 sub:001 dlvrd:000 submit date:2612011158 done date:2612011200 stat:UNKNOWN err:000 text:  | 42 | UNKNOWN | ",
            "id:42 sub:001 dlvrd:000 submit date:2612011158 done date:2612011200 stat:UNDELIV err:000 text:id:9 stat:DELIVRD | 42 | UNDELIVERED | " })
    void smppReceiptsAreReadFieldByField(String text, String id, ReceiptStatus status, String error) {
        var event = SmppReceipt.event(Carrier.GENERIC, text, RECEIVED);
        assertThat(List.of(event.messageId(), event.status(), String.valueOf(event.errorCode())))
                .containsExactly(id, status, String.valueOf(error));
    }

    @Test
    void anSmppReceiptWithoutIdOrStatIsRefused() {
        assertThatThrownBy(() -> SmppReceipt.read("sub:001 stat:DELIVRD")).hasMessage("receipt: no id:");
        assertThatThrownBy(() -> SmppReceipt.read("id:1 sub:001")).hasMessage("receipt: no stat:");
    }
}
