package io.tally.carrier;

/** Where a connection's webhooks are served: {@code /v1/carriers/{carrier}/{connection}/inbound} and {@code /status}. */
final class CarrierUrls {
    private CarrierUrls() {
    }

    static String path(Carrier carrier, String connection) {
        return "/v1/carriers/" + carrier.label() + "/" + connection;
    }

    /** The public base URL without a trailing slash. */
    static String base(String publicUrl) {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
}
