package dev.todoctl.cli.targets;

import java.util.List;
import java.util.Map;

/**
 * Where this machine reaches a running release's api and web ({@code urls} keyed by component) for as long as this
 * is open: plain URLs on targets that publish ports, tunnels that follow pod replacements on kubernetes. Closing it
 * releases whatever was opened for them.
 */
public record Endpoints(Map<String, String> urls, List<String> evidence, AutoCloseable resources) implements AutoCloseable {
    public Endpoints {
        urls = Map.copyOf(urls);
        evidence = List.copyOf(evidence);
    }

    /** URLs that need nothing kept open. */
    public static Endpoints fixed(Map<String, String> urls) {
        return new Endpoints(urls, List.of(), () -> { });
    }

    public static Endpoints none() {
        return fixed(Map.of());
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            // tunnels and clients are released on a best-effort basis: nothing the caller can do about it
        }
    }
}
