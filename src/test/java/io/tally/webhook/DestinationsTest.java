package io.tally.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tally.platform.Refusal;

class DestinationsTest {

    @ParameterizedTest(name = "{0}: public {1}")
    @CsvSource({
            "8.8.8.8, true", "1.1.1.1, true", "2606:4700:4700::1111, true", "::ffff:8.8.8.8, true",
            "127.0.0.1, false", "127.1.2.3, false", "10.0.0.1, false", "172.16.0.1, false", "172.31.255.255, false",
            "172.32.0.1, true", "192.168.1.1, false", "169.254.169.254, false", "100.64.0.1, false", "0.0.0.0, false",
            "224.0.0.1, false", "255.255.255.255, false", "192.0.2.1, false", "198.18.0.1, false",
            "203.0.113.5, false", "::1, false", "::, false", "fe80::1, false", "fc00::1, false", "fd12:3456::1, false",
            "ff02::1, false", "::ffff:127.0.0.1, false", "::ffff:169.254.169.254, false", "64:ff9b::a00:1, false",
            "2002:a00:1::, false", "2001:db8::1, false", "fd00:ec2::254, false" })
    void onlyPublicAddressesArePublic(String literal, boolean expected) throws Exception {
        assertThat(Destinations.isPublic(InetAddress.getByName(literal))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "ftp://example.com/x", "file:///etc/passwd", "example.com/hook", "https://", "'https://user:pw@example.com/'",
            "https://example.com/#frag", "'http://exa mple.com/'", "''" })
    void onlyAbsoluteHttpUrlsWithAHostAreTargets(String url) {
        assertThatThrownBy(() -> Destinations.parse(url)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.field()).isEqualTo("url"));
    }

    @Test
    void aTargetKeepsItsHostPortPathAndQuery() {
        var target = Destinations.parse("https://Hooks.Example.com/a/b?c=d");

        assertThat(target).extracting(Destinations.Target::host, Destinations.Target::port,
                Destinations.Target::tls, Destinations.Target::pathAndQuery)
                .containsExactly("hooks.example.com", 443, true, "/a/b?c=d");
        assertThat(Destinations.parse("http://[::1]:8080").host()).isEqualTo("::1");
        assertThat(Destinations.parse("http://[::1]:8080").pathAndQuery()).isEqualTo("/");
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedUnlessAllowed() throws Exception {
        var target = Destinations.parse("http://localhost:8080/hook");
        var resolved = List.of(InetAddress.getAllByName("localhost"));

        var refused = new Destinations(Set.of()).check(target, resolved);
        assertThat(refused.address()).isEmpty();
        assertThat(refused.refusal()).startsWith("url: localhost resolves to ").contains("not a public address");

        var allowed = new Destinations(Set.of(" LocalHost ")).check(target, resolved);
        assertThat(allowed.address()).contains(resolved.get(0));
    }

    @Test
    void oneNonPublicAddressAmongPublicOnesIsEnough() throws Exception {
        var target = Destinations.parse("https://rebinding.example/hook");
        var resolved = List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("169.254.169.254"));

        assertThat(new Destinations(Set.of()).check(target, resolved).address()).isEmpty();
        assertThat(new Destinations(Set.of()).check(target, List.of()).refusal()).contains("does not resolve");
        assertThat(new Destinations(Set.of()).check(target, resolved.subList(0, 1)).address())
                .contains(resolved.get(0));
    }
}
