package io.tally.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventIdTest {
    @Test
    void isARandomUuidOfTheBytesWithItsVersionAndVariantBitsSet() {
        var zeros = new byte[Metering.EVENT_ID_BYTES + 3];
        var ones = new byte[Metering.EVENT_ID_BYTES + 3];
        Arrays.fill(ones, (byte) 0xff);
        assertThat(Metering.eventId(zeros, 3)).isEqualTo("00000000-0000-4000-8000-000000000000");
        assertThat(Metering.eventId(ones, 3)).isEqualTo("ffffffff-ffff-4fff-bfff-ffffffffffff");
        var bytes = new byte[] { 0, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc, (byte) 0xde, (byte) 0xf0, 0x12,
                0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc, (byte) 0xde, (byte) 0xf0 };
        assertThat(Metering.eventId(bytes, 1)).isEqualTo("12345678-9abc-4ef0-9234-56789abcdef0");
    }

    @Test
    void randomBytesGiveDistinctVersion4Uuids() {
        var random = new Random(7);
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            var bytes = new byte[Metering.EVENT_ID_BYTES];
            random.nextBytes(bytes);
            var id = UUID.fromString(Metering.eventId(bytes, 0));
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            seen.add(id.toString());
        }
        assertThat(seen).hasSize(10_000);
    }
}
