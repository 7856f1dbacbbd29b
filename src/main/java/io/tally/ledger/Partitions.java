package io.tally.ledger;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The partition of an account: {@code floorMod(crc32(utf8(accountId)), P)}, P fixed per deployment. */
public final class Partitions {
    private Partitions() {
    }

    public static int of(String accountId, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        var crc = new CRC32();
        crc.update(accountId.getBytes(StandardCharsets.UTF_8));
        return (int) Math.floorMod(crc.getValue(), (long) partitions);
    }
}
