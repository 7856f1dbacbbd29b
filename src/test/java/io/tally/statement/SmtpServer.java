package io.tally.statement;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real SMTP server (GreenMail) on a free port, and the Quarkus mailer pointed at it instead of its mock. */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {
    static GreenMail server;

    @Override
    public Map<String, String> start() {
        server = new GreenMail(ServerSetup.SMTP.dynamicPort());
        server.start();
        return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED", "quarkus.mailer.login", "DISABLED",
                "tally.statements.from", "statements@tally.test");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
