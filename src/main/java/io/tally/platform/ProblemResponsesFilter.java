package io.tally.platform;

import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the problem bodies in the OpenAPI document: the {@code Problem} schema; on every {@code /v1} operation
 * the answers any authenticated call may get (bad input, no or unknown key, out of reach, too many failed keys, a
 * store unavailable); and an {@code application/problem+json} body for every 4xx and 5xx answer, including those an
 * endpoint declares with {@code @APIResponse} (a 402, 404, 409). Runs once, at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {
    private static final String SCHEMA = "Problem";
    private static final Map<String, String> EVERY_CALL = Map.of(
            "400", "Bad input: the problem names the field",
            "401", "No API key, or one that names no key",
            "403", "The key's role or scope does not reach this",
            "429", "This address spent its budget of failed authentications; see Retry-After",
            "503", "Redis or PostgreSQL cannot serve now; see Retry-After");

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(OASFactory.createComponents());
        }
        openApi.getComponents().addSchema(SCHEMA, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> document(path, operation)));
    }

    private static void document(String path, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        var responses = operation.getResponses();
        if (path.startsWith("/v1/")) {
            new TreeMap<>(EVERY_CALL).forEach((status, description) -> {
                if (!responses.hasAPIResponse(status)) {
                    responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
                }
            });
        }
        responses.getAPIResponses().forEach((status, response) -> {
            boolean failure = status.startsWith("4") || status.startsWith("5");
            if (failure && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA))));
            }
        });
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem detail; some problems add members of their own (a 402 names the"
                        + " limit, what it allows and what was needed)")
                .addProperty("type", string("Stable URI for clients to switch on"))
                .addProperty("title", string("Short summary of the type"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", string("What went wrong with this request"))
                .addProperty("field", string("The request field to blame, as a JSON path, when one is"))
                .addRequired("type")
                .addRequired("title")
                .addRequired("status")
                .additionalPropertiesSchema(OASFactory.createSchema());
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }
}
