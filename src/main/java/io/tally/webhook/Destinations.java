package io.tally.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.tally.platform.Refusal;

/**
 * Where webhooks may go: http or https URLs whose host resolves only to public addresses, unless an operator lists the
 * host as an allowed private one. The check runs when an endpoint is saved and again before each send, on the
 * addresses the send then connects to (a name that resolved to a public address at save time may not any more).
 */
final class Destinations {
    private static final int MAX_URL = 2048;

    private final Set<String> allowedPrivateHosts;

    /** @param allowedPrivateHosts host names or address literals (as written in URLs), compared case-insensitively */
    Destinations(Set<String> allowedPrivateHosts) {
        this.allowedPrivateHosts = allowedPrivateHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A URL webhooks may be sent to, parsed. */
    record Target(URI uri, boolean tls, String host, int port, String pathAndQuery) {
    }

    /**
     * The URL's form: absolute http(s), a host, no user info or fragment.
     *
     * @throws Refusal naming {@code url}
     */
    static Target parse(String url) {
        if (url == null || url.isBlank()) {
            throw Refusal.invalid("url", "url: required");
        }
        if (url.length() > MAX_URL) {
            throw Refusal.invalid("url", "url: at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw Refusal.invalid("url", "url: not a valid URL");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw Refusal.invalid("url", "url: http or https only");
        }
        var host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw Refusal.invalid("url", "url: a host is required");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw Refusal.invalid("url", "url: no user info and no fragment");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
        var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        var query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        var bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new Target(uri, tls, bare.toLowerCase(Locale.ROOT), port, path + query);
    }

    /**
     * The address to connect to: the first of those the host resolved to, when every one of them is public or the
     * host is an allowed private one; otherwise the reason it is refused.
     */
    Decision check(Target target, List<InetAddress> resolved) {
        if (resolved.isEmpty()) {
            return new Decision(Optional.empty(), "url: " + target.host() + " does not resolve");
        }
        if (!allowedPrivateHosts.contains(target.host())) {
            for (var address : resolved) {
                if (!isPublic(address)) {
                    return new Decision(Optional.empty(), "url: " + target.host() + " resolves to "
                            + address.getHostAddress() + ", which is not a public address");
                }
            }
        }
        return new Decision(Optional.of(resolved.get(0)), null);
    }

    /** Where to connect, or why not. */
    record Decision(Optional<InetAddress> address, String refusal) {
    }

    /**
     * Whether an address is reachable on the public internet: not unspecified, loopback, private (10/8, 172.16/12,
     * 192.168/16), shared (100.64/10), link-local (169.254/16, where cloud metadata answers; fe80::/10), unique-local
     * (fc00::/7), multicast, reserved (0/8, 240/4, the documentation and benchmarking ranges) or an IPv6 form of any
     * IPv4 address (mapped, NAT64, 6to4), which are judged as their IPv4 address.
     */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        var b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
                return false;
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) { // fec0::/10 site local (deprecated)
                return false;
            }
            if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // ::ffff:a.b.c.d
                return isPublicV4(slice(b, 12));
            }
            if (allZero(b, 0, 12)) { // ::a.b.c.d (deprecated compatible), ::, ::1
                return false;
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublicV4(slice(b, 12)); // 64:ff9b::/96 NAT64
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) { // 2002::/16 6to4
                return isPublicV4(slice(b, 2));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false; // 2001:db8::/32 documentation
            }
            if ((b[0] & 0xff) == 0x01 && allZero(b, 1, 8)) { // 100::/64 discard
                return false;
            }
            return (first & 0xe0) == 0x20; // 2000::/3: the only global unicast space
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224
                || (a0 == 100 && a1 >= 64 && a1 < 128)
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && a1 >= 16 && a1 < 32)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 192 && a1 == 88 && a2 == 99)
                || (a0 == 198 && (a1 == 18 || a1 == 19))
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113));
    }

    private static byte[] slice(byte[] bytes, int from) {
        return new byte[] { bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3] };
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
