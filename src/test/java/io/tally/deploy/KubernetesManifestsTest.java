package io.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.smallrye.config.WithDefault;
import io.tally.usage.UsageConfig;

/**
 * Every overlay under k8s/overlays renders (with {@link Kustomize}, no kubectl needed), every object it renders is a
 * valid Kubernetes object of its kind (fabric8's model: every field known, of the right type), and the rendered
 * deployment keeps the promises k8s/README.md makes: probes on /q/health, a grace period longer than the shutdown
 * it has to hold, a non-root read-only container, an HPA and a PodDisruptionBudget on the gateway's pods.
 */
class KubernetesManifestsTest {
    private static final Path OVERLAYS = Path.of("k8s", "overlays");
    private static final String GATEWAY = "tally";
    /** The kinds the manifests may use, with their API version and fabric8 model. */
    private static final Map<String, Kind> KINDS = Map.of(
            "ConfigMap", new Kind("v1", ConfigMap.class),
            "Secret", new Kind("v1", Secret.class),
            "Service", new Kind("v1", Service.class),
            "ServiceAccount", new Kind("v1", ServiceAccount.class),
            "Deployment", new Kind("apps/v1", Deployment.class),
            "HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class),
            "NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class));
    /** Secrets an overlay refers to and does not render: created outside it (k8s/README.md, "Secrets"). */
    private static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of("dev", Set.of(), "prod", Set.of(GATEWAY));

    private record Kind(String apiVersion, Class<? extends HasMetadata> model) {
    }

    @Test
    void everyOverlayIsChecked() throws IOException {
        try (var overlays = Files.list(OVERLAYS)) {
            assertThat(overlays.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("dev", "prod");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyObjectIsValidForItsKind(String overlay) {
        var objects = Kustomize.render(OVERLAYS.resolve(overlay));
        assertThat(objects).isNotEmpty();
        Kustomize.byKey(objects);
        for (var object : objects) {
            var model = model(object);
            assertThat(model.getMetadata().getName()).isNotBlank();
            assertThat(unknownFields(model, object.path("kind").asText())).as("fields the schema does not know")
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyPodHasHealthProbesAndRunsAsNonRootReadOnly(String overlay) {
        var objects = Kustomize.render(OVERLAYS.resolve(overlay));
        var deployments = all(objects, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).contains(GATEWAY);
        for (var deployment : deployments) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            var name = deployment.getMetadata().getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name + " runAsUser").isPositive();
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " service account token").isFalse();
            assertThat(labelsMatch(deployment.getSpec().getSelector(), deployment.getSpec().getTemplate()))
                    .as(name + " selects its own pods").isTrue();
            for (var container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getReadOnlyRootFilesystem()).as(name + " read-only root").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(name + " privilege escalation").isFalse();
                assertThat(security.getCapabilities().getDrop()).as(name + " capabilities").containsExactly("ALL");
                assertThat(container.getResources().getRequests()).as(name + " requests").containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name + " limits").containsKey("memory");
                assertThat(container.getReadinessProbe()).as(name + " readiness probe").isNotNull();
            }
        }
        var gateway = gateway(objects);
        var pod = gateway.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).as("the image is set by the kustomization").contains("/").contains(":");
        assertThat(healthPath(container.getStartupProbe())).isEqualTo("/q/health/started");
        assertThat(healthPath(container.getLivenessProbe())).isEqualTo("/q/health/live");
        assertThat(healthPath(container.getReadinessProbe())).isEqualTo("/q/health/ready");
        assertThat(container.getVolumeMounts()).as("a writable /tmp on a read-only root")
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
                .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        for (var spread : pod.getTopologySpreadConstraints()) {
            assertThat(matches(spread.getLabelSelector(), gateway.getSpec().getTemplate())).isTrue();
        }
        var ports = container.getPorts().stream().map(p -> p.getName()).toList();
        for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe())) {
            assertThat(ports).contains(probe.getHttpGet().getPort().getStrVal());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void theGracePeriodHoldsThePreStopPauseTheHttpShutdownAndTheWritersDrain(String overlay) throws Exception {
        var objects = Kustomize.render(OVERLAYS.resolve(overlay));
        var gateway = gateway(objects);
        var settings = settings(objects, gateway);
        var pod = gateway.getSpec().getTemplate().getSpec();
        var preStop = pod.getContainers().get(0).getLifecycle().getPreStop().getSleep().getSeconds();
        var http = Duration.ofSeconds(parseSeconds(settings.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", "0s")));
        var drain = Duration.ofSeconds(parseSeconds(settings.getOrDefault("TALLY_USAGE_WRITER_DRAIN_TIMEOUT",
                UsageConfig.Writer.class.getMethod("drainTimeout").getAnnotation(WithDefault.class).value())));
        var needed = Duration.ofSeconds(preStop).plus(http).plus(drain);
        assertThat(preStop).as("preStop pause").isPositive();
        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
                .as("grace period against preStop %ss + HTTP shutdown %s + drain %s", preStop, http, drain)
                .isGreaterThanOrEqualTo(needed.plusSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void servicePoliciesAndBudgetsSelectTheGatewaysPods(String overlay) {
        var objects = Kustomize.render(OVERLAYS.resolve(overlay));
        var gateway = gateway(objects);
        var template = gateway.getSpec().getTemplate();
        var service = one(objects, Service.class, GATEWAY);
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        var policy = one(objects, NetworkPolicy.class, GATEWAY);
        assertThat(matches(policy.getSpec().getPodSelector(), template)).isTrue();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        for (var budget : all(objects, PodDisruptionBudget.class)) {
            assertThat(matches(budget.getSpec().getSelector(), template)).as("the budget selects the pods").isTrue();
        }
        // Every ConfigMap and Secret the pods read is rendered, or is one the overlay documents as external.
        var rendered = new HashSet<String>();
        objects.forEach(o -> rendered.add(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()));
        var missing = new HashSet<String>();
        for (var deployment : all(objects, Deployment.class)) {
            for (var container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                references(container).stream().filter(r -> !rendered.contains(r)).forEach(missing::add);
            }
        }
        assertThat(missing).containsExactlyInAnyOrderElementsOf(
                EXTERNAL_SECRETS.get(overlay).stream().map(s -> "Secret/" + s).toList());
    }

    @Test
    void prodScalesTheGatewayOnRequestsCpuAndWriterLag() {
        var objects = Kustomize.render(OVERLAYS.resolve("prod"));
        var gateway = gateway(objects);
        assertThat(gateway.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
        var hpa = one(objects, HorizontalPodAutoscaler.class, GATEWAY);
        var target = hpa.getSpec().getScaleTargetRef();
        assertThat(List.of(target.getApiVersion(), target.getKind(), target.getName()))
                .containsExactly("apps/v1", "Deployment", GATEWAY);
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2)
                .isLessThan(hpa.getSpec().getMaxReplicas());
        var metrics = hpa.getSpec().getMetrics();
        assertThat(metrics).anySatisfy(m -> {
            assertThat(m.getType()).isEqualTo("Pods");
            assertThat(m.getPods().getMetric().getName()).isEqualTo("http_server_requests_per_second");
            assertThat(m.getPods().getTarget().getType()).isEqualTo("AverageValue");
        });
        assertThat(metrics).anySatisfy(m -> {
            assertThat(m.getType()).isEqualTo("Resource");
            assertThat(m.getResource().getName()).isEqualTo("cpu");
        });
        assertThat(metrics).anySatisfy(m -> {
            assertThat(m.getType()).isEqualTo("External");
            assertThat(m.getExternal().getMetric().getName()).isEqualTo("tally_usage_lag_seconds");
        });
        var behavior = hpa.getSpec().getBehavior();
        assertThat(behavior.getScaleDown().getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(60);
        assertThat(behavior.getScaleUp().getPolicies()).isNotEmpty();
        assertThat(behavior.getScaleDown().getPolicies()).isNotEmpty();
        var budget = one(objects, PodDisruptionBudget.class, GATEWAY);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        var settings = settings(objects, gateway);
        assertThat(settings).containsEntry("TALLY_REDIS_CLUSTER", "true").doesNotContainKey("QUARKUS_REDIS_CLIENT_TYPE");
        assertThat(settings.get("TALLY_REDIS_URL").split(",")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void devRunsOneReplicaWithItsOwnRedisAndPostgres() {
        var objects = Kustomize.render(OVERLAYS.resolve("dev"));
        assertThat(gateway(objects).getSpec().getReplicas()).isEqualTo(1);
        assertThat(all(objects, HorizontalPodAutoscaler.class)).isEmpty();
        var settings = settings(objects, gateway(objects));
        for (var service : List.of("tally-redis", "tally-postgres")) {
            var found = one(objects, Service.class, service);
            var backend = one(objects, Deployment.class, service);
            assertThat(backend.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(found.getSpec().getSelector());
        }
        assertThat(settings.get("TALLY_REDIS_URL")).contains("//tally-redis:6379");
        assertThat(settings.get("TALLY_POSTGRES_URL")).contains("//tally-postgres:5432/");
    }

    /** kustomize itself, where it is installed, renders what {@link Kustomize} renders (less the hash suffixes). */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void kubectlRendersTheSame(String overlay) throws Exception {
        assumeThat(onPath("kubectl")).as("kubectl on the PATH").isTrue();
        var process = new ProcessBuilder("kubectl", "kustomize", OVERLAYS.resolve(overlay).toString())
                .redirectErrorStream(false).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(error).isZero();
        var file = Files.createTempFile("kustomize", ".yaml");
        try {
            Files.writeString(file, out);
            var theirs = Kustomize.readAll(file);
            var hashed = new HashMap<String, String>();
            for (var object : theirs) {
                var kind = object.path("kind").asText();
                var name = object.path("metadata").path("name").asText();
                if (Set.of("ConfigMap", "Secret").contains(kind) && name.matches(".+-[a-z0-9]{10}")) {
                    hashed.put(name, name.substring(0, name.length() - 11));
                }
            }
            theirs.forEach(o -> unhash(o, hashed));
            var ours = Kustomize.byKey(Kustomize.render(OVERLAYS.resolve(overlay)));
            var kubectl = Kustomize.byKey(theirs);
            assertThat(new TreeMap<>(ours).keySet()).isEqualTo(new TreeMap<>(kubectl).keySet());
            ours.forEach((key, object) -> assertThat(object).as(key).isEqualTo(kubectl.get(key)));
        } finally {
            Files.delete(file);
        }
    }

    private static void unhash(JsonNode node, Map<String, String> hashed) {
        if (node instanceof ObjectNode object) {
            var fields = new ArrayList<String>();
            object.fieldNames().forEachRemaining(fields::add);
            for (var field : fields) {
                var value = object.get(field);
                if (value.isTextual() && hashed.containsKey(value.asText())) {
                    object.set(field, TextNode.valueOf(hashed.get(value.asText())));
                } else {
                    unhash(value, hashed);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> unhash(element, hashed));
        }
    }

    private static HasMetadata model(ObjectNode object) {
        var kind = object.path("kind").asText();
        var known = KINDS.get(kind);
        assertThat(known).as("a kind this test knows: " + kind).isNotNull();
        assertThat(object.path("apiVersion").asText()).as(kind + " apiVersion").isEqualTo(known.apiVersion());
        try {
            return Kustomize.YAML.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .treeToValue(object, known.model());
        } catch (IOException e) {
            throw new AssertionError(kind + " " + object.path("metadata").path("name") + " is not valid: " + e, e);
        }
    }

    /**
     * The fields of {@code model} and everything under it that fabric8 did not recognise: it keeps them in
     * {@code additionalProperties} instead of failing.
     */
    private static List<String> unknownFields(Object model, String path) {
        var unknown = new ArrayList<String>();
        if (model == null) {
            return unknown;
        }
        if (model instanceof Collection<?> collection) {
            int i = 0;
            for (var element : collection) {
                unknown.addAll(unknownFields(element, path + "[" + i++ + "]"));
            }
            return unknown;
        }
        if (model instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknown.addAll(unknownFields(value, path + "." + key)));
            return unknown;
        }
        if (!model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(model);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if ("getAdditionalProperties".equals(getter.getName())) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                unknown.addAll(unknownFields(value, path + "." + getter.getName().substring(3)));
            }
        }
        return unknown;
    }

    private static Deployment gateway(List<ObjectNode> objects) {
        return one(objects, Deployment.class, GATEWAY);
    }

    private static <T extends HasMetadata> List<T> all(List<ObjectNode> objects, Class<T> type) {
        return objects.stream().map(KubernetesManifestsTest::model).filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<ObjectNode> objects, Class<T> type, String name) {
        var found = all(objects, type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertThat(found).as(type.getSimpleName() + " " + name).hasSize(1);
        return found.get(0);
    }

    /** The gateway's environment from the ConfigMaps it reads. */
    private static Map<String, String> settings(List<ObjectNode> objects, Deployment gateway) {
        var settings = new HashMap<String, String>();
        for (var source : gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                settings.putAll(one(objects, ConfigMap.class, source.getConfigMapRef().getName()).getData());
            }
        }
        return settings;
    }

    private static Set<String> references(Container container) {
        var references = new HashSet<String>();
        for (var source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                references.add("ConfigMap/" + source.getConfigMapRef().getName());
            }
            if (source.getSecretRef() != null) {
                references.add("Secret/" + source.getSecretRef().getName());
            }
        }
        for (var variable : container.getEnv()) {
            var from = variable.getValueFrom();
            if (from != null && from.getSecretKeyRef() != null) {
                references.add("Secret/" + from.getSecretKeyRef().getName());
            }
            if (from != null && from.getConfigMapKeyRef() != null) {
                references.add("ConfigMap/" + from.getConfigMapKeyRef().getName());
            }
        }
        return references;
    }

    private static String healthPath(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static boolean labelsMatch(LabelSelector selector, PodTemplateSpec template) {
        return matches(selector, template);
    }

    private static boolean matches(LabelSelector selector, PodTemplateSpec template) {
        assertThat(selector.getMatchExpressions()).as("only matchLabels are checked here").isNullOrEmpty();
        return !selector.getMatchLabels().isEmpty()
                && template.getMetadata().getLabels().entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    /** A Quarkus duration of whole seconds or minutes ("20s", "2m"), rounded up to seconds. */
    private static long parseSeconds(String text) {
        var matcher = DURATION.matcher(text.trim());
        assertThat(matcher.matches()).as("a duration like 20s: " + text).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> (amount + 999) / 1000;
            case "s" -> amount;
            default -> amount * 60;
        };
    }

    private static boolean onPath(String command) {
        var path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
