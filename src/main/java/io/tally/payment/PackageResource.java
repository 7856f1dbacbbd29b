package io.tally.payment;

import static io.tally.auth.Role.OPERATOR;

import java.net.URI;
import java.time.Clock;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.ledger.LedgerConfig;
import io.tally.ledger.Validity;
import io.tally.platform.Fields;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;
import io.tally.pricing.ServiceCatalogue;

/** The package catalogue, which operators manage: credits sold at a price (docs/payments.md "Packages"). */
@Path("/v1/packages")
class PackageResource {
    private final PackageRepository packages;
    private final Validity validity;
    private final Clock clock;
    private final ServiceCatalogue catalogue;

    PackageResource(PackageRepository packages, LedgerConfig ledger, Clock clock, ServiceCatalogue catalogue) {
        this.catalogue = catalogue;
        this.packages = packages;
        this.validity = Validity.parse(ledger.validity());
        this.clock = clock;
    }

    @POST
    @Allowed(OPERATOR)
    @APIResponse(responseCode = "201", description = "The package, as stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PackageView.class)))
    @APIResponse(responseCode = "409", description = "A package with this id exists")
    public Uni<RestResponse<PackageView>> create(PackageRequest body) {
        var request = Fields.body(body);
        var id = Fields.id("id", request.id());
        return catalogue.current()
                .map(services -> request.toPackage(id, validity, clock.instant(), services))
                .chain(pkg -> packages.insert(pkg).map(inserted -> {
                    if (!inserted) {
                        throw ProblemException.conflict("package-exists", "a package " + pkg.id() + " exists", "id");
                    }
                    return RestResponse.ResponseBuilder.<PackageView> created(URI.create("/v1/packages/" + pkg.id()))
                            .entity(PackageView.of(pkg))
                            .build();
                }));
    }

    @GET
    @Allowed(OPERATOR)
    @APIResponse(responseCode = "200", description = "The catalogue, by id", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PackageView.ListView.class)))
    public Uni<PackageView.ListView> list() {
        return packages.all().map(all -> new PackageView.ListView(all.stream().map(PackageView::of).toList()));
    }

    @GET
    @Path("/{package}")
    @Allowed(OPERATOR)
    @APIResponse(responseCode = "200", description = "The package", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PackageView.class)))
    @APIResponse(responseCode = "404", description = "No such package")
    public Uni<PackageView> get(@PathParam("package") String id) {
        return packages.find(id)
                .map(found -> PackageView.of(found.orElseThrow(() -> Refusal.notFound("no package " + id))));
    }

    /** Replaces the package; purchases already made keep what they were sold. */
    @PUT
    @Path("/{package}")
    @Allowed(OPERATOR)
    @APIResponse(responseCode = "200", description = "The package, as stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PackageView.class)))
    @APIResponse(responseCode = "404", description = "No such package")
    public Uni<PackageView> replace(@PathParam("package") String id, PackageRequest body) {
        var request = Fields.body(body);
        if (request.id() != null && !request.id().equals(id)) {
            throw Refusal.invalid("id", "id: a package's id cannot change");
        }
        return catalogue.current()
                .map(services -> request.toPackage(id, validity, clock.instant(), services))
                .chain(pkg -> packages.update(pkg).map(updated -> {
                    if (!updated) {
                        throw Refusal.notFound("no package " + id);
                    }
                    return PackageView.of(pkg);
                }));
    }

    @DELETE
    @Path("/{package}")
    @Allowed(OPERATOR)
    @ResponseStatus(204)
    @APIResponse(responseCode = "204", description = "Deleted; purchases already made are kept")
    @APIResponse(responseCode = "404", description = "No such package")
    public Uni<Void> delete(@PathParam("package") String id) {
        return packages.delete(id).map(deleted -> {
            if (!deleted) {
                throw Refusal.notFound("no package " + id);
            }
            return null;
        });
    }
}
