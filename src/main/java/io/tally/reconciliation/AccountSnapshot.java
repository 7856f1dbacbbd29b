package io.tally.reconciliation;

import java.util.Map;
import java.util.Optional;

/**
 * An account's hash in Redis and the state of its partition's stream, read at one instant.
 *
 * @param lastId the stream's last id then ({@code ms-seq}), empty when the partition has no stream or its stream never
 *        held an entry (created empty): no bound on the entries PostgreSQL has
 * @param unwritten some event of the account had not reached PostgreSQL yet (pending in the writer's group or not
 *        delivered to it): its ledger entries are not the account's whole history
 * @param lost the partition has no ledger epoch: Redis lost its data, and its money calls are refused
 */
public record AccountSnapshot(Map<String, String> hash, Optional<StreamId> lastId, boolean unwritten, boolean lost) {
    public AccountSnapshot {
        hash = Map.copyOf(hash);
    }

    /** A Redis stream id, {@code <ms>-<seq>}; ids of one stream grow in this order. */
    public record StreamId(long millis, long sequence) {
        public static StreamId parse(String id) {
            int dash = id.indexOf('-');
            if (dash <= 0) {
                throw new IllegalArgumentException("not a stream id: " + id);
            }
            return new StreamId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
        }

        @Override
        public String toString() {
            return millis + "-" + sequence;
        }
    }
}
