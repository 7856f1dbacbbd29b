package io.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One way to write JSON: Jackson (the application's mapper, or Vert.x's {@code Json}, which is Jackson), and
 * {@code platform.JsonObject} where a benchmark showed that a hand-written writer pays (the event detail written on
 * every reservation, docs/benchmarks.md). No other class builds JSON text by hand: no object opened in a string
 * builder, no quoted member name concatenated into a literal, no string escaping of its own.
 */
class JsonWritersTest {
    private static final Path ROOT = Path.of("src/main/java/io/tally");
    private static final Path THE_WRITER = ROOT.resolve("platform/JsonObject.java");
    private static final Pattern BY_HAND = Pattern.compile(
            "\"\\{\\\\\"|StringBuilder\\(\"\\{\"\\)|append\\('\\{'\\)|append\\(\"\\{\"\\)|append\\('\"'\\)");

    @Test
    void onlyJsonObjectWritesJsonByHand() throws IOException {
        var found = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (var file : files.filter(f -> f.toString().endsWith(".java") && !f.equals(THE_WRITER)).toList()) {
                found.addAll(byHand(ROOT.relativize(file).toString(), Files.readString(file)));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        assertThat(found).as("JSON written by hand; use Jackson, or platform.JsonObject on a measured hot path")
                .isEmpty();
    }

    @Test
    void eachWayOfWritingByHandIsCaught() {
        assertThat(byHand("a", "var d = \"{\\\"note\\\":\" + quote(note) + \"}\";")).hasSize(1);
        assertThat(byHand("a", "var json = new StringBuilder(\"{\");")).hasSize(1);
        assertThat(byHand("a", "out.append('{');\nout.append(\"{\");\nout.append('\"');")).hasSize(3);
        assertThat(byHand("a", "return \"{}\"; log.info(\"{} moved\", n);")).isEmpty();
    }

    private static List<String> byHand(String file, String source) {
        var found = new ArrayList<String>();
        var lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (BY_HAND.matcher(lines[i]).find()) {
                found.add(file + ":" + (i + 1) + ": " + lines[i].strip());
            }
        }
        return found;
    }
}
