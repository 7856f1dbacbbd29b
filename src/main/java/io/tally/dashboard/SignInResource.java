package io.tally.dashboard;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.tally.auth.Sessions;
import io.tally.auth.Unauthenticated;

/**
 * The dashboard's sign-in page: an API key of a company admin or an office admin, posted once, exchanged for a
 * session cookie ({@link Sessions}). The form carries a token that must equal the one in a {@code SameSite=Strict}
 * cookie set with the page (double submit), so that another site cannot sign a browser in with its own key.
 */
@Path("/dashboard/sign-in")
@Unauthenticated
class SignInResource {
    static final String FORM_COOKIE = "tally_sign_in";

    private final Sessions sessions;
    private final Template page;

    SignInResource(Sessions sessions, @Location("dashboard/sign-in.html") Template page) {
        this.sessions = sessions;
        this.page = page;
    }

    @GET
    @Operation(hidden = true)
    public Response form() {
        return form(200, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> signIn(@FormParam("key") String key, @FormParam("form") String form,
            @CookieParam(FORM_COOKIE) String expected) {
        if (form == null || expected == null || !MessageDigest.isEqual(form.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII))) {
            return Uni.createFrom().item(form(403, "This form has expired: sign in again."));
        }
        if (key == null || key.isBlank() || key.length() > 200) {
            return Uni.createFrom().item(form(401, "Enter the API key of a company admin or an office admin."));
        }
        return sessions.open(key.trim()).map(opened -> opened
                .map(session -> Pages.headers(Response.seeOther(URI.create("/dashboard/overview")))
                        .cookie(sessions.cookie(session.token()), formCookie("", 0)).build())
                .orElseGet(() -> form(401, "This key is unknown, revoked, or not an account admin's.")));
    }

    private Response form(int status, String error) {
        var token = sessions.newToken();
        var html = page.data("form", token).data("error", error).data("htmx", Pages.HTMX).render();
        return Pages.headers(Response.status(status).entity(html).type("text/html;charset=UTF-8"))
                .cookie(formCookie(token, 3600)).build();
    }

    private NewCookie formCookie(String value, int maxAge) {
        return new NewCookie.Builder(FORM_COOKIE).value(value).path("/dashboard/sign-in").httpOnly(true)
                .secure(sessions.secure()).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
