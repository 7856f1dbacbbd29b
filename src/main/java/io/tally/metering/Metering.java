package io.tally.metering;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.account.SubAccount;
import io.tally.auth.Caller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;
import io.tally.ledger.Fingerprint;
import io.tally.ledger.Ledger;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.Meter;
import io.tally.ledger.MeterOutcome;
import io.tally.ledger.Reserve;
import io.tally.ledger.ReserveOutcome;
import io.tally.ledger.Service;
import io.tally.ledger.Settle;
import io.tally.ledger.SettleOutcome;
import io.tally.ledger.SubAccountPolicy;
import io.tally.payment.AutoRecharges;
import io.tally.platform.JsonObject;
import io.tally.platform.Problem;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;
import io.tally.pricing.Destination;
import io.tally.pricing.Direction;
import io.tally.pricing.Price;
import io.tally.pricing.PriceList;
import io.tally.pricing.RateCards;
import io.tally.pricing.ServiceCategory;
import io.tally.pricing.ServiceDefinition;
import io.tally.pricing.ServiceUnit;
import io.tally.segmentation.NationalLanguage;
import io.tally.segmentation.SegmentCount;
import io.tally.segmentation.SegmentationOptions;
import io.tally.segmentation.Segmenter;
import io.tally.segmentation.TextField;

/**
 * Reserve, settle and meter: turns a request into one ledger command (segmenting and pricing it from cached
 * configuration), runs it as one script, and answers the outcome. The only I/O on a warm path is that script.
 */
@Singleton
public class Metering {
    private final Ledger ledger;
    private final AccountDirectory directory;
    private final AutoRecharges recharges;
    private final RateCards rates;
    private final Clock clock;
    private final ObjectMapper json;

    Metering(Ledger ledger, AccountDirectory directory, AutoRecharges recharges, RateCards rates, Clock clock,
            ObjectMapper json) {
        this.ledger = ledger;
        this.directory = directory;
        this.recharges = recharges;
        this.rates = rates;
        this.clock = clock;
        this.json = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    /** What a use is and what it costs, before any credit moves; {@code metadata} is the request's, as JSON. */
    record Priced(UsageRequest request, AccountProfile profile, Optional<SubAccount> sub, Service service,
            String category, Optional<String> subType, Direction direction, Optional<SegmentCount> segments, Price price,
            String metadata) {
    }

    Uni<Reservation> reserve(UsageRequest request, Caller caller) {
        if (request.direction() != null && !Direction.OUTBOUND.label().equals(request.direction())) {
            throw Refusal.invalid("direction",
                    "direction: reservations hold credits for outbound use; meter inbound use at /v1/usage");
        }
        return price(request, caller, Direction.OUTBOUND)
                .chain(priced -> recharges.threshold(priced.profile().account().id())
                        .chain(threshold -> ledger.reserve(reserveCommand(priced, threshold)))
                        .map(outcome -> new Reservation(priced, outcome)));
    }

    Uni<Metered> meter(UsageRequest request, Caller caller) {
        return price(request, caller, Direction.INBOUND)
                .chain(priced -> recharges.threshold(priced.profile().account().id())
                        .chain(threshold -> ledger.meter(meterCommand(priced).withRechargeBelow(threshold)))
                        .map(outcome -> new Metered(priced, outcome)));
    }

    /**
     * Meters an inbound message a carrier's verified webhook reported: on the account (and sub-account) owning the
     * number it was sent to, priced by the sender's country, never refused for want of credit. The caller is the
     * carrier connection, which reaches that account only.
     */
    public Uni<MeterOutcome> meterInbound(InboundUse use) {
        var request = new UsageRequest(use.idempotencyKey(), use.account(), use.subAccount(), "sms", null,
                Direction.INBOUND.label(), use.from(), use.to(), use.text(), use.units(), use.product(), use.user(),
                null, null, null, use.metadata());
        var caller = new Caller(use.connection(), Role.SERVICE, use.account(), false, Set.of(use.account()), Set.of());
        return meter(request, caller).map(Metered::outcome);
    }

    /**
     * An inbound SMS to meter: {@code text} to segment, or {@code units} (segments) when the text is absent.
     *
     * @param connection who reports it (the carrier connection's id), for the caller's key id
     */
    public record InboundUse(String connection, String idempotencyKey, String account, String subAccount, String from,
            String to, String text, Long units, String product, String user, Map<String, Object> metadata) {
    }

    Uni<SettleOutcome> settle(String reservationId, Settle.SettleAction action, OptionalLong finalAmount,
            Caller caller) {
        var account = LedgerKeys.accountOf(reservationId)
                .orElseThrow(() -> Refusal.notFound("no reservation " + reservationId));
        Scopes.requireAccount(caller, account);
        return ledger.settle(new Settle(reservationId, action, finalAmount, newEventId(), clock.instant()));
    }

    record Reservation(Priced priced, ReserveOutcome outcome) {
    }

    record Metered(Priced priced, MeterOutcome outcome) {
    }

    private Uni<Priced> price(UsageRequest request, Caller caller, Direction defaultDirection) {
        request.validate();
        Scopes.requireAccount(caller, request.account());
        if (request.subAccount() != null) {
            Scopes.requireSubAccount(caller, request.account(), request.subAccount());
        }
        var direction = request.direction() == null
                ? defaultDirection
                : Direction.parse(request.direction()).orElseThrow(() -> Refusal.invalid("direction",
                        "direction: outbound or inbound"));
        return directory.profile(request.account())
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + request.account())))
                .chain(profile -> rates.forAccount(profile.account().id())
                        .map(list -> quote(request, profile, direction, list)));
    }

    private Priced quote(UsageRequest request, AccountProfile profile, Direction direction, PriceList list) {
        var definition = list.services().require("service", request.service());
        var named = definition.requireSubType("subType", request.subType());
        var service = new Service(definition.id().name());
        var sub = Optional.ofNullable(request.subAccount())
                .map(id -> profile.subAccount(id).orElseThrow(() -> Refusal.notFound(
                        "no sub-account " + id + " in " + request.account())));
        var number = direction == Direction.OUTBOUND ? request.to() : request.from();
        var field = direction == Direction.OUTBOUND ? "to" : "from";
        var destination = destination(field, number, definition);
        var segments = segments(request, profile, definition, destination);
        long quantity = segments.map(s -> (long) s.segments()).orElseGet(() -> units(request, definition));
        boolean invalid = number != null && destination.isEmpty();
        var country = destination.map(Destination::country).orElse(invalid ? UNKNOWN_COUNTRY : "*");
        var subType = named.isPresent() ? named : numberType(definition, destination);
        var quote = list.price(definition, subType, direction, country, quantity);
        var price = quote.price().orElseThrow(() -> invalid
                ? Refusal.invalid(field, field + ": not a valid E.164 number such as +393471234567, and no"
                        + " default rate (country *) prices unknown destinations")
                : new ProblemException(Problem.of(422, "no-rate", "No rate",
                        quote.refusal().orElse("no rate"), field)));
        var metadata = request.metadata() == null ? null : write(request.metadata());
        return new Priced(request, profile, sub, service, definition.category().label(), subType, direction, segments,
                price, metadata);
    }

    /**
     * The sub-type of a use that names none, from its number's type (toll-free, mobile, fixed line), when the service
     * has that sub-type; empty otherwise. Services without sub-types skip the lookup.
     */
    private static Optional<String> numberType(ServiceDefinition definition, Optional<Destination> destination) {
        if (destination.isEmpty() || definition.subTypes().stream().noneMatch(Destination.NUMBER_TYPES::contains)) {
            return Optional.empty();
        }
        return Destination.numberType(destination.get().e164()).filter(definition::hasSubType);
    }

    /**
     * Where the use goes (or comes from); empty when the number is absent (services of the AI and other categories
     * need none) or not a valid E.164 number, which only a default rate may price.
     */
    private static Optional<Destination> destination(String field, String number, ServiceDefinition service) {
        if (number == null && service.category() != ServiceCategory.AI && service.category() != ServiceCategory.OTHER) {
            throw Refusal.invalid(field, field + ": required, an E.164 number such as +393471234567");
        }
        return number == null ? Optional.empty() : Destination.parse(number);
    }

    private static Optional<SegmentCount> segments(UsageRequest request, AccountProfile profile,
            ServiceDefinition service, Optional<Destination> destination) {
        if (request.text() == null) {
            return Optional.empty();
        }
        if (service.unit() != ServiceUnit.SEGMENT) {
            throw Refusal.invalid("text", "text: only services billed by the segment (such as SMS) are priced by"
                    + " their text; " + service.id().label() + " is billed by the " + service.unit().label()
                    + ": send units" + (service.unit().timed() ? " (the use's seconds)" : ""));
        }
        if (request.units() != null) {
            throw Refusal.invalid("units", "units: send text or units, not both");
        }
        var settings = profile.account().segmentation();
        var languages = EnumSet.noneOf(NationalLanguage.class);
        languages.addAll(settings.languages());
        if (settings.languagesByDestination()) {
            destination.ifPresent(d -> languages.addAll(NationalLanguage.forCountry(d.country())));
        }
        var options = new SegmentationOptions(settings.graphemeSafe(), languages, false, false);
        return Optional.of(TextField.segment("text", request.text(), text -> Segmenter.count(text, options)));
    }

    private static long units(UsageRequest request, ServiceDefinition service) {
        if (request.units() == null) {
            throw Refusal.invalid("units", service.unit() == ServiceUnit.SEGMENT
                    ? "units: send text or units"
                    : "units: required for " + service.id().label() + ", in "
                            + (service.unit().timed() ? "seconds" : service.unit().label() + "s"));
        }
        return request.units();
    }

    /**
     * Built whole, not by {@code with} copies: each copy runs the record's checks again, the reservation id's
     * SHA-256 among them.
     */
    private Reserve reserveCommand(Priced priced, OptionalLong rechargeBelow) {
        var request = priced.request();
        var account = priced.profile().account();
        var now = clock.instant();
        return new Reserve(account.id(), request.idempotencyKey(), fingerprint(priced),
                LedgerKeys.reservationIdFor(account.id(), request.idempotencyKey()), newEventId(),
                priced.sub().map(Metering::policy), priced.service(), priced.price().costMicros(), now,
                now.plus(account.ledger().holdTimeout()), month(priced, now), account.ledger().burn(),
                account.ledger().onExpiry(), detail(priced), rechargeBelow, priced.category(),
                account.accountLimit(now));
    }

    private Meter meterCommand(Priced priced) {
        var request = priced.request();
        var account = priced.profile().account();
        var now = clock.instant();
        return new Meter(account.id(), request.idempotencyKey(), fingerprint(priced), newEventId(),
                priced.sub().map(Metering::policy), priced.service(), priced.price().costMicros(), now,
                month(priced, now), account.ledger().burn(), account.ledger().overdraftLimit(), detail(priced))
                .withCategory(priced.category()).withAccountLimit(account.accountLimit(now));
    }

    static SubAccountPolicy policy(SubAccount sub) {
        return new SubAccountPolicy(sub.id(), sub.mode(), sub.fallbackToPool(), sub.monthlyLimit());
    }

    /** The label of the sub-account's limit period holding now (the limit month without a sub-account). */
    private static String month(Priced priced, Instant now) {
        var account = priced.profile().account();
        return priced.sub().map(sub -> account.limitPeriod(sub.limitPeriod(), now))
                .orElseGet(() -> account.limitMonth(now));
    }

    private String fingerprint(Priced priced) {
        var r = priced.request();
        // A title or a sub-type joins the fingerprint only when given: requests without them keep the digest
        // they always had.
        var fields = new ArrayList<Object>(List.of(r.account(), String.valueOf(r.subAccount()), priced.service(),
                priced.direction(), String.valueOf(r.from()), String.valueOf(r.to()), String.valueOf(r.text()),
                String.valueOf(r.units()), String.valueOf(r.product()), String.valueOf(r.user()),
                String.valueOf(r.group()), String.valueOf(r.contact()), String.valueOf(priced.metadata())));
        if (r.title() != null) {
            fields.addAll(List.of("title", r.title()));
        }
        if (r.subType() != null) {
            fields.addAll(List.of("subType", r.subType()));
        }
        return Fingerprint.of(fields.toArray());
    }

    /** Everything a usage record needs, carried by the ledger event (read back by {@code usage.EventDetails}). */
    private static String detail(Priced priced) {
        var r = priced.request();
        var price = priced.price();
        var detail = new JsonObject()
                .put("idempotencyKey", r.idempotencyKey())
                .put("service", priced.service().name())
                .put("subType", priced.subType().orElse(null))
                .put("direction", priced.direction().name())
                .put("from", r.from())
                .put("to", r.to())
                .put("country", price.country());
        priced.segments().ifPresent(s -> detail
                .put("segments", s.segments())
                .put("encoding", s.encoding().label())
                .put("characters", r.text().length()));
        return detail
                .put("units", price.quantity())
                .put("billed", price.billed())
                .put("rate", price.rateMicros())
                .put("cost", price.costMicros())
                .put("product", r.product())
                .put("user", r.user())
                .put("group", r.group())
                .put("contact", r.contact())
                .put("title", r.title())
                .putRaw("metadata", priced.metadata())
                .toString();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw Refusal.invalid("metadata", "metadata: not serializable as JSON");
        }
    }

    private static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /** The country recorded for a number no country claims (libphonenumber's unknown region). */
    static final String UNKNOWN_COUNTRY = "ZZ";
}
