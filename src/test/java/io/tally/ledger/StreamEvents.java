package io.tally.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/** Reads a partition's event stream back as field maps (XRANGE), for comparison with the model's events. */
final class StreamEvents {
    private StreamEvents() {
    }

    static List<Map<String, String>> read(Redis redis, String stream) {
        var entries = redis.send(Request.cmd(Command.XRANGE).arg(stream).arg("-").arg("+"))
                .await().atMost(TestRedis.TIMEOUT);
        var events = new ArrayList<Map<String, String>>();
        for (Response entry : entries) {
            events.add(fields(entry.get(1)));
        }
        return events;
    }

    static Map<String, String> fields(Response flat) {
        var values = new ArrayList<String>();
        for (var value : flat) {
            values.add(value.toString());
        }
        return EventFormat.fields(values);
    }
}
