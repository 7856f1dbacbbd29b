package io.tally.segmentation;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

@QuarkusTest
class SegmentResourceTest {
    @Test
    void countsAPlainGsmText() {
        asOperator().body(Map.of("text", "a".repeat(161))).post("/v1/segments")
                .then().statusCode(200)
                .body("encoding", equalTo("GSM-7"))
                .body("segments", equalTo(2))
                .body("units", equalTo(161))
                .body("unitsPerSegment", equalTo(153))
                .body("remainingUnits", equalTo(306 - 161))
                .body("nonGsmCharacters", hasSize(0))
                .body("parts", nullValue());
    }

    @Test
    void namesTheCharactersThatForceUcs2() {
        asOperator().body(Map.of("text", "Hi \uD83D\uDE00 there")).post("/v1/segments")
                .then().statusCode(200)
                .body("encoding", equalTo("UCS-2"))
                .body("units", equalTo(11))
                .body("nonGsmCharacters[0].index", equalTo(3))
                .body("nonGsmCharacters[0].codePoint", equalTo("U+1F600"));
    }

    @Test
    void returnsThePartsOnRequest() {
        asOperator().body(Map.of("text", "b".repeat(200), "options", Map.of("includeParts", true)))
                .post("/v1/segments")
                .then().statusCode(200)
                .body("parts", hasSize(2))
                .body("parts[0].units", equalTo(153))
                .body("parts[1].text", equalTo("b".repeat(47)));
    }

    @Test
    void suggestsLookAlikesAndAppliesThemOnlyWhenAsked() {
        var text = "It\u2019s fine";
        asOperator().body(Map.of("text", text)).post("/v1/segments")
                .then().statusCode(200)
                .body("encoding", equalTo("UCS-2"))
                .body("suggestions[0].index", equalTo(2))
                .body("suggestions[0].replacement", equalTo("'"))
                .body("text", nullValue());
        asOperator().body(Map.of("text", text, "options", Map.of("applySmartEncoding", true))).post("/v1/segments")
                .then().statusCode(200)
                .body("encoding", equalTo("GSM-7"))
                .body("text", equalTo("It's fine"));
    }

    @Test
    void usesTheDestinationsNationalLanguageWhenTheAccountAllowsIt() {
        var account = Api.newAccount();
        var turkish = "\u015Feker \u0131\u015F\u0131k ".repeat(8);
        asOperator().body(Map.of("text", turkish, "to", "+905321234567", "account", account)).post("/v1/segments")
                .then().statusCode(200)
                .body("encoding", equalTo("UCS-2"))
                .body("destination.country", equalTo("TR"));
        asOperator().body(Map.of("segmentation", Map.of("languagesByDestination", true)))
                .patch("/v1/accounts/" + account).then().statusCode(200);
        asOperator().body(Map.of("text", turkish, "to", "+905321234567", "account", account)).post("/v1/segments")
                .then().statusCode(200)
                .body("encoding", equalTo("GSM-7"))
                .body("lockingShift", equalTo("turkish"));
    }

    @Test
    void appliesTheAccountsGraphemeOptionAndLetsTheRequestOverrideIt() {
        var account = Api.newAccount();
        asOperator().body(Map.of("segmentation", Map.of("graphemeSafe", true)))
                .patch("/v1/accounts/" + account).then().statusCode(200);
        // 65 units, then a family emoji (8 units, one grapheme cluster) straddling the 67-unit boundary.
        var text = "\u4E2D".repeat(65) + "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        asOperator().body(Map.of("text", text, "account", account, "options", Map.of("includeParts", true)))
                .post("/v1/segments")
                .then().statusCode(200)
                .body("parts[0].units", equalTo(65));
        asOperator().body(Map.of("text", text, "account", account,
                "options", Map.of("includeParts", true, "graphemeSafe", false)))
                .post("/v1/segments")
                .then().statusCode(200)
                .body("parts[0].units", equalTo(67));
    }

    @Test
    void refusesALoneSurrogateNamingWhere() {
        asOperator().body("{\"text\": \"ab\\uD83D\"}").post("/v1/segments")
                .then().statusCode(400)
                .body("field", equalTo("text"))
                .body("detail", org.hamcrest.Matchers.containsString("index 2"));
    }

    @Test
    void refusesAMissingText() {
        asOperator().body(Map.of("to", "+393471234567")).post("/v1/segments")
                .then().statusCode(400).body("field", equalTo("text"));
    }

    @Test
    void refusesAnInvalidDestination() {
        asOperator().body(Map.of("text", "hi", "to", "12345")).post("/v1/segments")
                .then().statusCode(400).body("field", equalTo("to"));
    }

    @Test
    void refusesAnUnknownLanguageByIndex() {
        asOperator().body(Map.of("text", "hi", "options", Map.of("languages", List.of("hindi", "elvish"))))
                .post("/v1/segments")
                .then().statusCode(400).body("field", equalTo("options.languages[1]"));
    }

    @Test
    void refusesAnAccountOutsideTheCallersScope() {
        var mine = Api.newAccount();
        var other = Api.newAccount();
        var key = Api.accountKey(mine, "company-admin", List.of());
        as(key).body(Map.of("text", "hi", "account", other)).post("/v1/segments").then().statusCode(403);
        as(key).body(Map.of("text", "hi", "account", mine)).post("/v1/segments").then().statusCode(200);
    }

    @Test
    void pricesTheSegmentsAsOutboundSmsForTheAccount() {
        var account = Api.newAccount();
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "IT", "rate", "0.045"),
                Map.of("service", "SMS", "direction", "inbound", "country", "IT", "rate", "0.5"))))
                .put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        var body = asOperator().body(Map.of("text", "a".repeat(161), "to", "+393471234567", "account", account))
                .post("/v1/segments")
                .then().statusCode(200)
                .body("segments", equalTo(2))
                .body("price.service", equalTo("SMS"))
                .body("price.direction", equalTo("outbound"))
                .body("price.country", equalTo("IT"))
                .body("price.units", equalTo(2))
                .body("price.card", equalTo("account"))
                .body("price.rateCountry", equalTo("IT"))
                .body("priceNote", nullValue())
                .extract().asString();
        assertThat(body).contains("\"rate\":0.045,", "\"cost\":0.09,");
    }

    @Test
    void fallsBackToTheDefaultCardsRowForEveryCountry() {
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "*", "rate", "0.000333"))))
                .put("/v1/rates").then().statusCode(200);
        var body = asOperator().body(Map.of("text", "\u4E2D".repeat(71), "to", "+905321234567", "account",
                Api.newAccount()))
                .post("/v1/segments")
                .then().statusCode(200)
                .body("segments", equalTo(2))
                .body("price.card", equalTo("default"))
                .body("price.rateCountry", equalTo("*"))
                .body("price.country", equalTo("TR"))
                .extract().asString();
        assertThat(body).contains("\"rate\":0.000333,", "\"cost\":0.000666,");
    }

    @Test
    void aMissingRateIsANoteNotAFailure() {
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "IT", "rate", "0.045"))))
                .put("/v1/rates").then().statusCode(200);
        asOperator().body(Map.of("text", "hi", "to", "+905321234567", "account", Api.newAccount()))
                .post("/v1/segments")
                .then().statusCode(200)
                .body("segments", equalTo(1))
                .body("price", nullValue())
                .body("priceNote", equalTo("no rate for SMS outbound to TR"));
    }

    @Test
    void withoutAnAccountThereIsNoPrice() {
        asOperator().body(Map.of("text", "hi", "to", "+393471234567")).post("/v1/segments")
                .then().statusCode(200)
                .body("destination.country", equalTo("IT"))
                .body("$", not(hasKey("price")))
                .body("$", not(hasKey("priceNote")));
    }

    @Test
    void anEmptyTextIsOneGsmSegment() {
        asOperator().body(Map.of("text", "")).post("/v1/segments")
                .then().statusCode(200)
                .body("encoding", equalTo("GSM-7"))
                .body("segments", equalTo(1))
                .body("units", equalTo(0));
    }
}
