package io.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Package arrows point one way: the graph of the packages under {@code io.tally} in {@code src/main/java}, derived
 * from their sources ({@code import io.tally.<pkg>…}, static imports and fully qualified references), has no cycle,
 * {@code platform} is at the bottom: it uses no other package, and {@code dashboard} at the top: no package uses it.
 */
class PackageArrowsTest {
    private static final Path ROOT = Path.of("src/main/java/io/tally");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.tally\\.([a-z][a-z0-9_]*)\\.");

    @Test
    void thePackageGraphHasNoCycle() {
        assertThat(cycles(graph())).as("package cycles (an arrow must point down: move the shared type down or the"
                + " orchestration up)").isEmpty();
    }

    @Test
    void platformIsAtTheBottom() {
        assertThat(graph().get("platform")).as("packages platform uses").isEmpty();
    }

    /** The dashboard renders what the features answer: it may use any of them, and no package uses it. */
    @Test
    void dashboardIsAtTheTop() {
        var graph = graph();
        assertThat(graph).containsKey("dashboard");
        assertThat(graph.entrySet().stream().filter(e -> e.getValue().contains("dashboard")).map(Map.Entry::getKey))
                .as("packages that use dashboard").isEmpty();
    }

    @Test
    void aCycleIsFoundThroughAnyNumberOfPackages() {
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("a")))).containsExactly(List.of("a", "b", "a"));
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")))).hasSize(1);
        assertThat(cycles(Map.of("a", Set.of("b", "c"), "b", Set.of("c"), "c", Set.of()))).isEmpty();
        assertThat(uses("metering", "package io.tally.metering;\nimport io.tally.ledger.Ledger;\n"
                + "import static io.tally.platform.Fields.require;\nclass X { io.tally.auth.Caller c; }\n"
                + "/** Not io.tally.usage.UsageRecord. */ class Y { String s = \"io.tally.history.H\"; }"))
                .containsExactlyInAnyOrder("ledger", "platform", "auth");
    }

    /** Each package and the other packages its classes use. */
    private static Map<String, Set<String>> graph() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            var graph = new TreeMap<String, Set<String>>();
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var pkg = ROOT.relativize(file).getName(0).toString();
                graph.computeIfAbsent(pkg, p -> new TreeSet<>()).addAll(uses(pkg, Files.readString(file)));
            }
            return graph;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The other packages one source uses, comments and string literals aside. */
    private static Set<String> uses(String pkg, String source) {
        var code = source.replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("//[^\\n]*", " ")
                .replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        var used = new TreeSet<String>();
        var matcher = REFERENCE.matcher(code);
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        used.remove(pkg);
        return used;
    }

    /** The cycles a depth-first walk meets (one per arrow back up its path), each a path ending where it starts. */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        var cycles = new ArrayList<List<String>>();
        var done = new TreeSet<String>();
        for (var start : new TreeSet<>(graph.keySet())) {
            var path = new LinkedHashSet<String>();
            find(start, graph, path, done, cycles);
        }
        return cycles;
    }

    private static void find(String pkg, Map<String, Set<String>> graph, LinkedHashSet<String> path, Set<String> done,
            List<List<String>> cycles) {
        if (path.contains(pkg)) {
            var cycle = new ArrayList<String>();
            boolean in = false;
            for (var p : path) {
                in |= p.equals(pkg);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(pkg);
            cycles.add(cycle);
            return;
        }
        if (done.contains(pkg)) {
            return;
        }
        path.add(pkg);
        for (var next : new TreeSet<>(graph.getOrDefault(pkg, Set.of()))) {
            find(next, graph, path, done, cycles);
        }
        path.remove(pkg);
        done.add(pkg);
    }
}
