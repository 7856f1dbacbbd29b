package io.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The pure core imports no framework. Glue is recognised by its name (a technology or a role: {@code *Resource},
 * {@code *Repository}, {@code Redis*}, …) or listed below; every other class under {@code src/main/java} is pure: it
 * may use the JDK and other pure classes of the project, and nothing of Quarkus, Vert.x, Jakarta, SmallRye, Jackson,
 * MicroProfile, JBoss, Micrometer, Flyway or Netty, directly or through a glue class.
 */
class PurityTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern FRAMEWORK = Pattern.compile(
            "\\b(io\\.quarkus|io\\.vertx|jakarta|io\\.smallrye|com\\.fasterxml|org\\.eclipse\\.microprofile"
                    + "|org\\.jboss|io\\.micrometer|org\\.flywaydb|io\\.netty)\\.");
    private static final List<String> GLUE_SUFFIXES = List.of("Resource", "Repository", "View", "Config", "Filter",
            "Mapper", "Producer", "Readiness", "Json");
    /** Glue whose name does not say so: adapters, caches, loops and the orchestration of a request. */
    private static final Set<String> GLUE = Set.of(
            "account.AccountCycles", "account.AccountDirectory", "alert.AlertFanout", "alert.AlertHistory",
            "alert.AlertStreams", "dashboard.Layout", "payment.Payments", "webhook.WebhookEndpoints",
            "alert.AlertRules", "auth.CurrentSession", "auth.Sessions", "dashboard.Pages", "dashboard.Views",
            "alert.AlertWriter", "alert.AnomalyEvaluator",
            "auth.ApiKeys", "auth.CurrentCaller", "carrier.CarrierDirectory", "carrier.InboundMessages", "fee.Fees",
            "history.ExportColumns", "history.Exports", "history.TableFiles", "history.History", "report.Reports",
            "ledger.Cycles", "ledger.Ledger", "ledger.LedgerScript", "ledger.Sweeper", "metering.Metering",
            "metering.Wallets", "metering.Adjustments",
            "payment.AutoRecharges", "payment.PaymentProvider", "payment.InvoicePaymentProvider",
            "payment.HttpPaymentProvider", "payment.Recharger", "payment.Purchases", "payment.PurchaseResolver",
            "payment.PurchaseRequest",
            "platform.BodyDeadline", "platform.BodyLimit", "platform.Clocks", "platform.UriLimit", "platform.ConfigCache",
            "platform.ConfigChanges",
            "platform.EmbeddedServers", "platform.EmbeddedServersConfigFactory", "platform.JsonPaths",
            "platform.LuaSources", "platform.Migrations", "platform.Problem", "platform.ProblemException",
            "platform.ConfigCaches", "platform.Outages", "platform.Unavailable", "pricing.RateCards",
            "pricing.ServiceCatalogue",
            "reconciliation.LedgerEpoch", "reconciliation.LedgerRestore", "reconciliation.PeriodicReconciliation",
            "reconciliation.Reconciler",
            "reconciliation.ReconciliationScript", "statement.StatementMailer", "statement.Statements",
            "receipt.ReceiptPolicies", "receipt.Receipts", "receipt.UnmatchedReceipts",
            "usage.EventDetails", "usage.EventStream", "usage.StreamMonitor", "usage.UsageWriter",
            "usage.WriterLane", "webhook.HttpWebhookSender", "webhook.TargetResolver", "webhook.WebhookDispatcher");

    @Test
    void pureClassesUseNoFrameworkDirectlyOrThroughGlue() {
        var classes = sources();
        var glue = classes.keySet().stream().filter(PurityTest::isGlue).collect(Collectors.toSet());
        var violations = new ArrayList<String>();
        classes.forEach((name, code) -> {
            if (!glue.contains(name)) {
                violations.addAll(violations(name, code, glue));
            }
        });
        assertThat(violations).isEmpty();
    }

    @Test
    void theCoreThatMustStayPureIsCheckedAsPure() {
        var classes = sources();
        assertThat(classes.keySet())
                .contains("segmentation.TextField", "metering.Amounts", "metering.IdempotencyKeys", "ledger.LedgerModel",
                        "pricing.CreditAmount", "pricing.Pricing", "segmentation.Segmenter", "auth.Scopes",
                        "platform.Refusal")
                .filteredOn(PurityTest::isGlue)
                .doesNotContain("segmentation.TextField", "metering.Amounts", "metering.IdempotencyKeys",
                        "ledger.LedgerModel", "pricing.CreditAmount", "pricing.Pricing", "segmentation.Segmenter",
                        "auth.Scopes", "platform.Refusal");
        assertThat(GLUE).allSatisfy(name -> assertThat(classes).containsKey(name));
    }

    @Test
    void aFrameworkImportOrAGlueReferenceIsCaught() {
        var glue = Set.of("ledger.RedisLedger", "platform.ProblemException");
        assertThat(violations("ledger.Amounts", "package io.tally.ledger;\nimport io.vertx.core.Vertx;\n", glue))
                .hasSize(1);
        assertThat(violations("ledger.Amounts", "class Amounts { com.fasterxml.jackson.databind.JsonNode n; }", glue))
                .hasSize(1);
        assertThat(violations("ledger.Amounts", "import io.tally.platform.ProblemException;\n", glue)).hasSize(1);
        assertThat(violations("ledger.Amounts", "class Amounts { RedisLedger ledger; }", glue)).hasSize(1);
        assertThat(violations("ledger.Amounts", "/** Not {@link RedisLedger} nor io.vertx.core.Vertx. */\n"
                + "class Amounts { String s = \"RedisLedger\"; }", glue)).isEmpty();
    }

    private static List<String> violations(String name, String source, Set<String> glue) {
        var code = withoutCommentsAndStrings(source);
        var found = new ArrayList<String>();
        var framework = FRAMEWORK.matcher(code);
        while (framework.find()) {
            found.add(name + " uses " + framework.group(1));
        }
        var pkg = name.substring(0, name.indexOf('.'));
        for (var other : glue) {
            var simple = other.substring(other.indexOf('.') + 1);
            boolean imported = code.contains("import io.tally." + other + ";");
            boolean samePackage = other.startsWith(pkg + ".")
                    && Pattern.compile("\\b" + simple + "\\b").matcher(code).find();
            if (imported || samePackage) {
                found.add(name + " uses glue " + other);
            }
        }
        return found;
    }

    private static boolean isGlue(String name) {
        var simple = name.substring(name.indexOf('.') + 1);
        return GLUE.contains(name) || simple.startsWith("Redis") || GLUE_SUFFIXES.stream().anyMatch(simple::endsWith);
    }

    /** Code with comments, string and char literals blanked, so that only what the class really uses counts. */
    private static String withoutCommentsAndStrings(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("//[^\\n]*", " ")
                .replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("'(\\\\.|[^'\\\\])*'", "''");
    }

    /** Every top-level class as {@code package.Simple} (the package below io.tally) and its source. */
    private static Map<String, String> sources() {
        var root = SOURCES.resolve("io/tally");
        try (Stream<Path> files = Files.walk(root)) {
            var classes = new TreeMap<String, String>();
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var relative = root.relativize(file).toString().replace(".java", "").replace('/', '.');
                classes.put(relative, Files.readString(file));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
