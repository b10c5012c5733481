package dev.todoctl.cli.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port choice on 127.0.0.1: the configured one, else the conventional one if free, else any free one. */
public final class Ports {
    private Ports() {
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as servers do: TIME_WAIT leftovers must not count as busy
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code configured} if non-zero (even when busy: the caller reports that); else the first free preference. */
    public static int choose(int configured, int... preferred) {
        if (configured != 0) {
            return configured;
        }
        for (int p : preferred) {
            if (p > 0 && isFree(p)) {
                return p;
            }
        }
        return anyFree();
    }
}
