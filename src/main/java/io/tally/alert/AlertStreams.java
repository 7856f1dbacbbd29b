package io.tally.alert;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Multi;
import io.tally.auth.Caller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;

/**
 * An account's alerts as a live stream (docs/alerts.md), for {@code GET /v1/accounts/{account}/alerts/stream} and the
 * dashboard's alerts page alike: what the client missed after its last event id, then live alerts, an office admin's
 * narrowed to its offices.
 */
@Singleton
public class AlertStreams {
    private final AlertFanout fanout;
    private final AlertConfig config;

    AlertStreams(AlertFanout fanout, AlertConfig config) {
        this.fanout = fanout;
        this.config = config;
    }

    /**
     * An event to send: {@code alert} (data: an {@link AlertView}) or {@code resync} (data: the thresholds firing now),
     * with its SSE id.
     */
    public record Event(String name, String id, Object data) {
    }

    /** The thresholds firing now: the data of a {@code resync} event. */
    public record ResyncView(List<Resync.Firing> firing) {
    }

    /**
     * The events of a new client; {@code header} is its {@code Last-Event-ID}, {@code query} its {@code lastEventId}
     * parameter (either may be null). Refused with 429 when the account has the most streams open here it may.
     */
    public Multi<Event> open(String account, String header, String query, Caller who) {
        Scopes.requireAccount(who, account);
        var last = StreamIds.lastEventId(header, query);
        var offices = who.role() == Role.OFFICE_ADMIN ? Optional.of(who.subAccounts()) : Optional.<Set<String>> empty();
        return fanout.open(account, offices, last).map(AlertStreams::event);
    }

    /** How often an idle stream is sent a comment. */
    public Duration keepAlive() {
        return config.keepAlive();
    }

    private static Event event(StreamEvent event) {
        if (event instanceof Alert alert) {
            return new Event("alert", alert.entry(), AlertView.of(alert));
        }
        var resync = (Resync) event;
        return new Event("resync", resync.entry(), new ResyncView(resync.firing()));
    }
}
