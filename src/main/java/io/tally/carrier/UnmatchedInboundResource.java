package io.tally.carrier;

import static io.tally.auth.Role.OPERATOR;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.platform.Refusal;

/**
 * Inbound messages to numbers no account owned when they arrived, oldest first: what is missing from the number
 * directory. Assigning the number ({@code PUT /v1/accounts/{account}/numbers}) meters them and takes them off.
 */
@Path("/v1/unmatched-inbound")
class UnmatchedInboundResource {
    private final UnmatchedRepository unmatched;

    UnmatchedInboundResource(UnmatchedRepository unmatched) {
        this.unmatched = unmatched;
    }

    record UnmatchedView(String carrier, String messageId, String connection, String from, String to,
            Integer segments, Instant receivedAt) {
    }

    @GET
    @Allowed(OPERATOR)
    public Uni<List<UnmatchedView>> list(@QueryParam("limit") Integer limit) {
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw Refusal.invalid("limit", "limit: from 1 to 1000");
        }
        return unmatched.open(limit == null ? 100 : limit)
                .map(list -> list.stream().map(u -> new UnmatchedView(u.event().carrier().label(),
                        u.event().messageId(), u.connection(), u.event().from(), u.event().to(), u.event().segments(),
                        u.event().occurredAt())).toList());
    }
}
