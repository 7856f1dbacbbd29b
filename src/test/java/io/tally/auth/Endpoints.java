package io.tally.auth;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

/** The REST endpoints of the application, found by reflection over the main classes (bench-only baselines left out). */
final class Endpoints {
    record Endpoint(String verb, String path, Method method) {
        String key() {
            return verb + " " + path;
        }
    }

    private static final Map<Class<? extends java.lang.annotation.Annotation>, String> VERBS = Map.of(
            GET.class, "GET", POST.class, "POST", PUT.class, "PUT", PATCH.class, "PATCH", DELETE.class, "DELETE");

    private Endpoints() {
    }

    static List<Endpoint> all() throws IOException, URISyntaxException, ClassNotFoundException {
        var root = Paths.get(Role.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var endpoints = new ArrayList<Endpoint>();
        try (var files = Files.walk(root)) {
            for (var file : files.filter(f -> f.toString().endsWith("Resource.class")).toList()) {
                var name = root.relativize(file).toString().replace('/', '.').replace(".class", "");
                var type = Class.forName(name, false, Endpoints.class.getClassLoader());
                var base = type.getAnnotation(Path.class);
                if (base == null || type.isAnnotationPresent(Unauthenticated.class)) {
                    continue;
                }
                for (var method : type.getDeclaredMethods()) {
                    for (var verb : VERBS.entrySet()) {
                        if (method.isAnnotationPresent(verb.getKey())) {
                            var sub = method.getAnnotation(Path.class);
                            endpoints.add(new Endpoint(verb.getValue(), base.value() + (sub == null ? "" : sub.value()),
                                    method));
                        }
                    }
                }
            }
        }
        return endpoints;
    }
}
