package io.tally.alert;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * An alert as the API and the SSE stream show it. {@code values} is the object the script wrote (credits as decimal
 * strings); {@code dismissed} (history only) says whether the calling key dismissed it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertView(String id, String type, String state, String account, String subAccount, String rule,
        @Schema(type = SchemaType.OBJECT, description = "What was compared: strings, credits as decimals") @JsonRawValue String values,
        Instant at, Boolean dismissed) {

    static AlertView of(Alert alert) {
        return new AlertView(alert.id(), alert.type(), alert.state(), alert.account(),
                alert.sub().isEmpty() ? null : alert.sub(), alert.rule(), alert.values(), alert.at(), null);
    }

    static AlertView of(Alert alert, boolean dismissed) {
        var view = of(alert);
        return new AlertView(view.id, view.type, view.state, view.account, view.subAccount, view.rule, view.values,
                view.at, dismissed);
    }

    /** A page of the history, newest first; {@code next} is the cursor of the page after, null on the last. */
    public record Page(List<AlertView> items, String next) {
    }
}
