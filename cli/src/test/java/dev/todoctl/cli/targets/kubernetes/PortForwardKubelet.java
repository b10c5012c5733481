package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the kubelet's side of {@code GET /api/v1/namespaces/{ns}/pods/{pod}/portforward?ports=N} upgraded
 * to a WebSocket with the {@code v4.channel.k8s.io} sub-protocol (the mock server negotiates it), as fabric8's
 * {@code PortForwarderWebsocket} speaks it: one WebSocket per local TCP connection.
 *
 * <p>What it models, as the kubelet's websocket port-forward handler does: every binary message starts with a
 * channel byte, channel 0 = data and channel 1 = error for the (only) port; on open it first sends on each of the two
 * channels the port number as two bytes little-endian; then it connects to the pod's port — here a real TCP
 * endpoint on 127.0.0.1 chosen by {@link #route} — and relays channel-0 frames both ways. When nothing listens on
 * the pod port it sends the kubelet's "error forwarding port ..." text on channel 1 and closes, as the kubelet does;
 * when the pod's side closes the connection it closes the WebSocket; when the client closes, it closes the pod
 * connection. A request for a pod the API server does not have is a 404 before any upgrade (checked by
 * {@link HelmShimDispatcher}).
 *
 * <p>What it does not model: SPDY (fabric8 only speaks WebSocket); several ports in one request
 * ({@code ports=a,b} → channels 2k and 2k+1; fabric8 asks for one); half-close (the kubelet can keep reading
 * after the client stops writing); the {@code v5} close-signal channel; flow control and the API server's proxying
 * to the kubelet; authorisation; pods that are not Running. It is the protocol fabric8 speaks, not a kubelet.
 */
final class PortForwardKubelet {
    static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward$");
    private static final byte DATA = 0;
    private static final byte ERROR = 1;

    /** (namespace, pod name prefix, pod port) → 127.0.0.1 port standing for that pod port. */
    private final Map<String, Integer> routes = new ConcurrentHashMap<>();
    /** Every stream asked for, "namespace/pod:port", so a test can tell which pod and port were reached. */
    final List<String> streams = new CopyOnWriteArrayList<>();
    /** WebSockets open now (a forward that was closed leaves none behind). */
    final AtomicInteger open = new AtomicInteger();

    /** Port {@code podPort} of the pods of {@code namespace} whose name starts with {@code podPrefix} is {@code localPort}. */
    void route(String namespace, String podPrefix, int podPort, int localPort) {
        routes.put(namespace + "/" + podPrefix + ":" + podPort, localPort);
    }

    private Optional<Integer> target(String namespace, String pod, int port) {
        return routes.entrySet().stream().filter(e -> {
            String key = e.getKey();
            String prefix = key.substring(namespace.length() + 1, key.lastIndexOf(':'));
            return key.startsWith(namespace + "/") && pod.startsWith(prefix)
                    && key.endsWith(":" + port);
        }).map(Map.Entry::getValue).findFirst();
    }

    /** The upgrade for a port-forward request, or a 400 Status as the API server answers a bad {@code ports}. */
    MockResponse upgrade(RecordedRequest request, Matcher path) {
        String namespace = path.group(1);
        String pod = path.group(2);
        String query = request.getPath().contains("?") ? request.getPath().substring(request.getPath().indexOf('?') + 1) : "";
        List<String> ports = Arrays.stream(query.split("&")).filter(p -> p.startsWith("ports="))
                .flatMap(p -> Arrays.stream(p.substring(6).split(","))).toList();
        if (ports.size() != 1 || !ports.getFirst().matches("[1-9][0-9]{0,4}")) {
            return new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":400,"
                            + "\"message\":\"this stand-in forwards exactly one port, got ports=" + ports + "\"}");
        }
        int port = Integer.parseInt(ports.getFirst());
        streams.add(namespace + "/" + pod + ":" + port);
        return new MockResponse().withWebSocketUpgrade(new Stream(pod, port, target(namespace, pod, port)));
    }

    /** One WebSocket = one connection to the pod's port. */
    private final class Stream extends WebSocketListener {
        private final String pod;
        private final int port;
        private final Optional<Integer> local;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Socket socket;

        Stream(String pod, int port, Optional<Integer> local) {
            this.pod = pod;
            this.port = port;
            this.local = local;
        }

        @Override
        public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
            open.incrementAndGet();
            byte[] announce = {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
            ws.send(frame(DATA, announce));
            ws.send(frame(ERROR, announce));
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", local.orElseThrow(() -> new IOException("connection refused"))), 2000);
                socket = s;
            } catch (IOException e) {
                ws.send(frame(ERROR, ("error forwarding port " + port + " to pod " + pod + ", uid : failed to connect to "
                        + "localhost:" + port + " inside the pod: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
                close(ws);
                return;
            }
            Thread.ofVirtual().name("kubelet-forward-" + pod + ":" + port).start(() -> pump(ws));
        }

        /** The pod's side → channel-0 frames, until the pod closes the connection. */
        private void pump(WebSocket ws) {
            byte[] buffer = new byte[8192];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0) {
                        ws.send(frame(DATA, Arrays.copyOf(buffer, n)));
                    }
                }
            } catch (IOException e) {
                // the client went away and the socket was closed under us
            }
            close(ws);
        }

        @Override
        public void onMessage(WebSocket ws, byte[] bytes) {
            if (bytes.length == 0) {
                return;
            }
            if (bytes[0] != DATA || socket == null) {
                return; // the client writes data only; the error channel is the server's
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes, 1, bytes.length - 1);
                out.flush();
            } catch (IOException e) {
                close(ws);
            }
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            onMessage(ws, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            close(ws);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            close(ws);
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, io.fabric8.mockwebserver.http.Response response) {
            close(ws);
        }

        private void close(WebSocket ws) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            open.decrementAndGet();
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closed either way
                }
            }
            ws.close(1000, "");
        }
    }

    private static byte[] frame(byte channel, byte[] payload) {
        byte[] frame = new byte[payload.length + 1];
        frame[0] = channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }
}
