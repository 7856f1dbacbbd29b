package io.tally.dashboard;

import jakarta.ws.rs.core.Response;

/**
 * The headers of every dashboard answer. The content security policy admits scripts and styles from the gateway only
 * (no inline script, no {@code eval}): a value that escaped Qute's escaping still could not run. Pages are never
 * cached, framed, or sniffed as another type.
 */
final class Pages {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String HTMX = "/webjars/htmx.org/2.0.4/dist/htmx.min.js";
    static final String UPLOT_JS = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
    static final String UPLOT_CSS = "/webjars/uplot/1.6.30/dist/uPlot.min.css";

    private Pages() {
    }

    static Response html(String body) {
        return headers(Response.ok(body, "text/html;charset=UTF-8")).build();
    }

    static Response.ResponseBuilder headers(Response.ResponseBuilder builder) {
        return builder.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }
}
