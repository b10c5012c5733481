package dev.todoctl.cli.targets;

import java.util.List;

/**
 * A forward from a local port to one of the release's components, for targets whose components are not reachable
 * from this machine as they are (kubernetes); closing it ends the forward.
 */
public interface PortForwards {
    interface Forward extends AutoCloseable {
        String url();

        /** What the forward leads to (a pod's name). */
        String backend();

        int backendPort();

        /** Errors seen on the forward's connections since it opened. */
        List<String> errors();

        @Override
        void close();
    }

    Forward open(String component, int localPort);
}
