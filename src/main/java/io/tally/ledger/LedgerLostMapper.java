package io.tally.ledger;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.tally.platform.Problem;

/**
 * A money call on a partition whose Redis data was lost: 503 {@code ledger-lost}, never an answer computed from
 * empty accounts. It lasts until an operator restores the ledger ({@code POST /v1/ledger/restore}).
 */
class LedgerLostMapper {
    /** Seconds a client should wait before retrying: a restore takes an operator. */
    static final String RETRY_AFTER = "30";

    @ServerExceptionMapper
    Response lost(LedgerLost e) {
        return Response.fromResponse(Problem.of(503, "ledger-lost", "Ledger lost",
                "the ledger of this account lost its data in Redis and must be restored from PostgreSQL by an "
                        + "operator; nothing was charged or reserved",
                null).toResponse())
                .header("Retry-After", RETRY_AFTER).build();
    }
}
