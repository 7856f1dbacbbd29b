package io.tally.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The part of kustomize that k8s/ uses, so that the build renders every overlay without kubectl: {@code resources}
 * (files and directories), {@code configMapGenerator} and {@code secretGenerator} (literals; {@code behavior: merge}
 * in an overlay), {@code generatorOptions.labels}, {@code images} and inline JSON 6902 {@code patches} (add, replace,
 * remove) with a kind and name target. A kustomization using anything else fails to render here: implement it, or do
 * without it.
 *
 * <p>
 * One difference from kustomize: generated ConfigMaps and Secrets keep their names, where kustomize appends a hash of
 * their content and rewrites the references to them. {@code KubernetesManifestsTest} compares both renders when
 * kubectl is installed, with kustomize's hash suffixes taken off.
 */
final class Kustomize {
    /** Repeated keys are an error, as they are to kubectl. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "resources", "configMapGenerator",
            "secretGenerator", "generatorOptions", "images", "patches");

    private Kustomize() {
    }

    /** The objects {@code directory}'s kustomization.yaml renders to, in the order they were first declared. */
    static List<ObjectNode> render(Path directory) {
        var kustomization = readAll(directory.resolve("kustomization.yaml")).get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!KNOWN.contains(field)) {
                throw new IllegalArgumentException(directory + ": kustomization field `" + field
                        + "` is not implemented by this renderer");
            }
        });
        var objects = new ArrayList<ObjectNode>();
        for (var resource : kustomization.path("resources")) {
            var path = directory.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : readAll(path));
        }
        var labels = kustomization.path("generatorOptions").path("labels");
        generate(objects, kustomization.path("configMapGenerator"), "ConfigMap", labels);
        generate(objects, kustomization.path("secretGenerator"), "Secret", labels);
        for (var patch : kustomization.path("patches")) {
            applyPatch(objects, patch);
        }
        for (var image : kustomization.path("images")) {
            setImage(objects, image);
        }
        return objects;
    }

    static List<ObjectNode> readAll(Path file) {
        try (var parser = YAML.createParser(Files.readString(file))) {
            var objects = new ArrayList<ObjectNode>();
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                var document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    objects.add((ObjectNode) document);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void generate(List<ObjectNode> objects, JsonNode generators, String kind, JsonNode labels) {
        for (var generator : generators) {
            var name = generator.path("name").asText();
            var values = new LinkedHashMap<String, String>();
            for (var literal : generator.path("literals")) {
                var text = literal.asText();
                int equals = text.indexOf('=');
                values.put(text.substring(0, equals), text.substring(equals + 1));
            }
            generator.fieldNames().forEachRemaining(field -> {
                if (!Set.of("name", "literals", "behavior").contains(field)) {
                    throw new IllegalArgumentException(kind + " generator field `" + field + "` is not implemented");
                }
            });
            var behavior = generator.path("behavior").asText("create");
            ObjectNode target;
            if ("merge".equals(behavior)) {
                target = find(objects, kind, name);
                if (target == null) {
                    throw new IllegalArgumentException("no " + kind + " " + name + " to merge into");
                }
            } else if ("create".equals(behavior)) {
                target = YAML.createObjectNode();
                target.put("apiVersion", "v1").put("kind", kind);
                var metadata = target.putObject("metadata");
                if (labels.isObject()) {
                    metadata.set("labels", labels.deepCopy());
                }
                metadata.put("name", name);
                if ("Secret".equals(kind)) {
                    target.put("type", "Opaque");
                }
                objects.add(target);
            } else {
                throw new IllegalArgumentException("generator behavior " + behavior + " is not implemented");
            }
            var data = target.has("data") ? (ObjectNode) target.get("data") : target.putObject("data");
            values.forEach((key, value) -> data.put(key, "Secret".equals(kind)
                    ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
                    : value));
        }
    }

    private static void applyPatch(List<ObjectNode> objects, JsonNode patch) {
        var kind = patch.path("target").path("kind").asText();
        var name = patch.path("target").path("name").asText();
        var target = find(objects, kind, name);
        if (target == null || !patch.has("patch")) {
            throw new IllegalArgumentException("patch target " + kind + "/" + name + " not found, or not inline");
        }
        JsonNode operations;
        try {
            operations = YAML.readTree(patch.get("patch").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!operations.isArray()) {
            throw new IllegalArgumentException("only JSON 6902 patches (a list of operations) are implemented");
        }
        for (var operation : operations) {
            var path = operation.path("path").asText();
            int slash = path.lastIndexOf('/');
            var parent = target.at(path.substring(0, slash));
            var last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            var op = operation.path("op").asText();
            if (parent.isMissingNode()) {
                throw new IllegalArgumentException("patch path " + path + " not found in " + kind + "/" + name);
            }
            switch (op) {
                case "add", "replace" -> {
                    var value = operation.get("value").deepCopy();
                    if (parent instanceof ObjectNode object) {
                        if ("replace".equals(op) && !object.has(last)) {
                            throw new IllegalArgumentException("nothing to replace at " + path);
                        }
                        object.set(last, value);
                    } else {
                        var array = (ArrayNode) parent;
                        if ("-".equals(last)) {
                            array.add(value);
                        } else if ("add".equals(op)) {
                            array.insert(Integer.parseInt(last), value);
                        } else {
                            array.set(Integer.parseInt(last), value);
                        }
                    }
                }
                case "remove" -> {
                    var removed = parent instanceof ObjectNode object ? object.remove(last)
                            : ((ArrayNode) parent).remove(Integer.parseInt(last));
                    if (removed == null) {
                        throw new IllegalArgumentException("nothing to remove at " + path);
                    }
                }
                default -> throw new IllegalArgumentException("patch op " + op + " is not implemented");
            }
        }
    }

    private static void setImage(List<ObjectNode> objects, JsonNode image) {
        var name = image.path("name").asText();
        var newName = image.path("newName").asText(name);
        for (var object : objects) {
            var spec = object.path("spec").path("template").path("spec");
            for (var list : List.of("initContainers", "containers")) {
                for (var container : spec.path(list)) {
                    var current = container.path("image").asText();
                    var bare = current.replaceFirst("[:@].*$", "");
                    if (bare.equals(name)) {
                        var tag = image.has("newTag") ? ":" + image.get("newTag").asText()
                                : current.substring(bare.length());
                        ((ObjectNode) container).put("image", newName + tag);
                    }
                }
            }
        }
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElse(null);
    }

    /** Objects by {@code Kind/name}. */
    static Map<String, ObjectNode> byKey(List<ObjectNode> objects) {
        var map = new LinkedHashMap<String, ObjectNode>();
        for (var object : objects) {
            var key = object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
            if (map.put(key, object) != null) {
                throw new IllegalArgumentException("two objects " + key);
            }
        }
        return map;
    }
}
