package io.tally.pricing;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.platform.Fields;
import io.tally.platform.Problem;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;

/** The service catalogue: every caller may read it (it names what rates and uses may name), operators define it. */
@Path("/v1/services")
class ServiceResource {
    private final ServiceCatalogue catalogue;

    ServiceResource(ServiceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<ServiceView.Listing> list() {
        return catalogue.stored()
                .map(found -> new ServiceView.Listing(found.stream().map(ServiceView::of).toList()));
    }

    @GET
    @Path("/{service}")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The service", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceView.class)))
    @APIResponse(responseCode = "404", description = "No such service in the catalogue")
    public Uni<ServiceView> get(@PathParam("service") String service) {
        var id = ServiceName.parse(service).orElseThrow(() -> noService(service));
        return catalogue.stored(id)
                .map(found -> ServiceView.of(found.orElseThrow(() -> noService(service))));
    }

    /** Defines a service (201) or redefines it (200); its unit never changes (409). */
    @PUT
    @Path("/{service}")
    @Allowed(OPERATOR)
    @APIResponse(responseCode = "201", description = "The service, defined", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceView.class)))
    @APIResponse(responseCode = "200", description = "The service, redefined", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceView.class)))
    @APIResponse(responseCode = "409", description = "The service exists with another unit")
    public Uni<RestResponse<ServiceView>> define(@PathParam("service") String service, ServiceRequest body) {
        var definition = Fields.body(body).toDefinition(service);
        return catalogue.define(definition)
                .map(defined -> defined.orElseThrow(() -> unitChange(definition)))
                .map(ServiceResource::response);
    }

    private static RestResponse<ServiceView> response(ServiceRepository.Defined defined) {
        var view = ServiceView.of(defined.stored());
        return defined.created()
                ? RestResponse.ResponseBuilder.<ServiceView> created(URI.create("/v1/services/" + view.id()))
                        .entity(view).build()
                : RestResponse.ok(view);
    }

    private static Refusal noService(String service) {
        return Refusal.notFound("no service " + service + " in the catalogue");
    }

    private static ProblemException unitChange(ServiceDefinition definition) {
        return new ProblemException(Problem.of(409, "unit-change", "Unit change", "unit: the unit of "
                + definition.id().name() + " is another; a service keeps its unit (its rates are per unit, its"
                + " records count in it): define a new service instead", "unit"));
    }
}
