package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Money movements go through the port {@link Ledger}: in src/main/java only the adapter, the producer that makes it,
 * and the partition administration (opening partitions, finding lost ones, which is not part of the port) name
 * {@code RedisLedger} in code (comments may).
 */
class LedgerPortTest {
    private static final Path ROOT = Path.of("src/main/java/io/tally");
    private static final Pattern ADAPTER = Pattern.compile("\\bRedisLedger\\b");
    private static final Set<String> MAY_NAME_THE_ADAPTER = Set.of("ledger/RedisLedger.java",
            "ledger/LedgerProducer.java", "reconciliation/LedgerEpoch.java", "reconciliation/LedgerRestore.java");

    @Test
    void callersDependOnThePortNotTheAdapter() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            var naming = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> ADAPTER.matcher(withoutComments(read(f))).find())
                    .map(f -> ROOT.relativize(f).toString().replace('\\', '/'))
                    .filter(name -> !MAY_NAME_THE_ADAPTER.contains(name))
                    .sorted()
                    .toList();
            assertThat(naming).as("classes that should take a Ledger, not a RedisLedger").isEmpty();
        }
    }

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
