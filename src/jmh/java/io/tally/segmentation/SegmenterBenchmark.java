package io.tally.segmentation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@link Segmenter#count} over the message mix of load-tests/segmentation/messages.json, the one the
 * node benchmark of the npm calculator runs. One operation is one message, taken in turn, so the
 * score is messages per second. Run with {@code mvn -Pbench -DskipTests compile exec:exec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SegmenterBenchmark {

    /** default: 3GPP code-unit splitting; graphemeSafe: as Twilio's calculator; allLanguages: every national table. */
    @Param({ "default", "graphemeSafe", "allLanguages" })
    String mode;

    private String[] messages;
    private SegmentationOptions options;
    private int next;

    @Setup
    public void load() throws IOException {
        Path mix = Path.of(System.getProperty("tally.messages", "load-tests/segmentation/messages.json"));
        List<String> texts = new ArrayList<>();
        for (JsonNode message : new ObjectMapper().readTree(mix.toFile()).get("messages")) {
            texts.add(message.get("text").asText());
        }
        messages = texts.toArray(String[]::new);
        options = switch (mode) {
            case "default" -> SegmentationOptions.DEFAULT;
            case "graphemeSafe" -> SegmentationOptions.DEFAULT.withGraphemeSafe(true);
            case "allLanguages" -> SegmentationOptions.DEFAULT.withLanguages(EnumSet.allOf(NationalLanguage.class));
            default -> throw new IllegalArgumentException(mode);
        };
    }

    @Benchmark
    public SegmentCount count() {
        String text = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return Segmenter.count(text, options);
    }
}
