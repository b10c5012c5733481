package dev.todoctl.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The daemons of one user's cache directory, for {@code todoctl daemon status} and {@code todoctl daemon stop}. */
public final class Daemons {
    /** One socket in the directory: what its daemon says about itself, or empty facts when none answered. */
    public record Found(Path socket, Map<String, String> facts) {
        public boolean answered() {
            return !facts.isEmpty();
        }
    }

    private Daemons() {
    }

    public static List<Found> list(Path dir) {
        List<Found> found = new ArrayList<>();
        for (Path socket : DaemonPlace.sockets(dir)) {
            Map<String, String> facts = new LinkedHashMap<>();
            ask(socket, DaemonProtocol.STATUS).ifPresent(text -> text.lines().forEach(line -> {
                int space = line.indexOf(' ');
                if (space > 0) {
                    facts.put(line.substring(0, space), line.substring(space + 1));
                }
            }));
            found.add(new Found(socket, facts));
        }
        return found;
    }

    /**
     * Asks each daemon to stop and waits until it did (its process gone, within {@code limit}); a socket no daemon
     * answers on any more (its daemon was killed) is removed. Returns the daemons that were running.
     */
    public static List<Found> stop(Path dir, Duration limit) {
        List<Found> running = new ArrayList<>();
        for (Found f : list(dir)) {
            if (!f.answered()) {
                try {
                    Files.deleteIfExists(f.socket());
                } catch (IOException e) {
                    // left for the next start, which removes it as well
                }
                continue;
            }
            running.add(f);
            ask(f.socket(), DaemonProtocol.STOP);
            Optional.ofNullable(f.facts().get("pid")).map(Long::parseLong).flatMap(ProcessHandle::of).ifPresent(p -> {
                try {
                    p.onExit().get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    p.destroy(); // SIGTERM: it removes its socket on the way out
                }
            });
        }
        return running;
    }

    /** One request and the text of its answer; empty when no daemon answers on the socket. */
    static Optional<String> ask(Path socket, byte kind) {
        Optional<SocketChannel> channel = DaemonClient.connect(socket);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        try (SocketChannel c = channel.get()) {
            DaemonProtocol.Request.of(kind).write(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c))));
            var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c)));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return Optional.empty();
                }
                byte[] payload = DaemonProtocol.payload(in);
                if (type == DaemonProtocol.OUT) {
                    text.write(payload);
                } else if (type == DaemonProtocol.EXIT) {
                    return Optional.of(text.toString(StandardCharsets.UTF_8));
                } else if (type == DaemonProtocol.DECLINE) {
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
