package io.tally.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test's SSE client: reads the stream's lines on a thread of its own into events (id, event, data; comments). */
final class SseClient implements AutoCloseable {
    /** An event: its fields as sent ("id", "event", "data"), or a comment (":" → its text). */
    record Event(Map<String, String> fields) {
        String id() {
            return fields.get("id");
        }

        String name() {
            return fields.get("event");
        }

        String data() {
            return fields.get("data");
        }

        boolean comment() {
            return fields.containsKey(":");
        }
    }

    final int status;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient open(URI uri, String key, String lastEventId) throws Exception {
        var request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new SseClient(client.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    private void read() {
        var fields = new LinkedHashMap<String, String>();
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (!fields.isEmpty()) {
                        events.add(new Event(Map.copyOf(fields)));
                        fields.clear();
                    }
                } else if (line.startsWith(":")) {
                    events.add(new Event(Map.of(":", line.substring(1).trim())));
                } else {
                    int colon = line.indexOf(':');
                    var name = colon < 0 ? line : line.substring(0, colon);
                    var value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                    fields.merge(name, value, (a, b) -> a + "\n" + b);
                }
            });
        } catch (RuntimeException closed) {
            // the test closed the stream
        }
    }

    /** The next event that is not a comment, waiting up to 10 s; null when none came. */
    Event next() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && !event.comment()) {
                return event;
            }
        }
        return null;
    }

    /** The next n events that are not comments. */
    List<Event> next(int n) throws InterruptedException {
        var out = new ArrayList<Event>();
        for (int i = 0; i < n; i++) {
            var event = next();
            if (event == null) {
                break;
            }
            out.add(event);
        }
        return out;
    }

    /** Waits for the first comment: the stream is open and the client registered. */
    void awaitOpen() throws InterruptedException {
        var event = events.poll(10, TimeUnit.SECONDS);
        if (event == null || !event.comment()) {
            throw new AssertionError("no keep-alive comment first: " + event);
        }
    }

    /** Events (comments too) that arrived and were not taken yet, waiting up to {@code wait}. */
    List<Event> drain(Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis());
        var out = new ArrayList<Event>();
        events.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
