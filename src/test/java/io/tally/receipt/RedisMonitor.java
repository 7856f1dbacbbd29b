package io.tally.receipt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Redis's MONITOR feed on its own socket: the commands clients sent, in the order Redis ran them. A command a script
 * ran is fed as {@code [0 lua]}; one a client sent as {@code [0 127.0.0.1:port]}: one line per round trip.
 */
final class RedisMonitor implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;

    private RedisMonitor(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout((int) Messages.WAIT.toMillis());
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        var ok = in.readLine();
        if (!"+OK".equals(ok)) {
            throw new IllegalStateException("MONITOR answered " + ok);
        }
    }

    /** Monitors the Redis at {@code url} ({@code redis://host:port}). */
    static RedisMonitor open(String url) {
        var uri = URI.create(url);
        try {
            return new RedisMonitor(new Socket(uri.getHost(), uri.getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The commands clients sent since the monitor opened (or the last call) whose line holds {@code text}, not those
     * scripts ran: an ECHO of a marker is sent through {@code redis} and the feed read up to it (Redis runs commands
     * one at a time, so everything before the marker has been fed).
     */
    List<String> sentNaming(RedisPipes redis, String text) {
        var marker = "monitor-mark-" + UUID.randomUUID();
        redis.send(Request.cmd(Command.ECHO).arg(marker)).await().atMost(Messages.WAIT);
        var sent = new ArrayList<String>();
        try {
            for (var line = in.readLine(); line != null; line = in.readLine()) {
                if (line.contains(marker)) {
                    return sent;
                }
                if (!line.contains(" lua] ") && line.contains(text)) {
                    sent.add(line.substring(line.indexOf("] ") + 2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the MONITOR feed ended before its marker");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
