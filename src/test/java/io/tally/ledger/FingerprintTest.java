package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class FingerprintTest {
    @Test
    void isTheFirstHalfOfTheSha256OfTheFieldsEachEndedByAZeroByte() throws Exception {
        var expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("acme\0null\0SMS\0+393471234567\0".getBytes(StandardCharsets.UTF_8)), 0, 16);
        assertThat(Fingerprint.of("acme", null, Service.SMS, "+393471234567")).isEqualTo(expected);
        assertThat(Fingerprint.of("ac", "me")).isNotEqualTo(Fingerprint.of("acm", "e"));
    }

    @Test
    void callsOnManyThreadsAtOnceAgree() throws Exception {
        var expected = Fingerprint.of("acme", "text ü", 7L);
        var threads = Executors.newFixedThreadPool(4);
        try {
            var answers = threads.invokeAll(IntStream.range(0, 2000)
                    .<Callable<String>> mapToObj(i -> () -> Fingerprint.of("acme", "text ü", 7L))
                    .toList());
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdown();
        }
    }
}
