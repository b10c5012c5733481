package dev.todoctl.cli.build;

import java.util.List;
import java.util.Locale;

/**
 * Known push failures, as the engine words them, mapped to fixes (Skaffold's {@code build_problems.go}). The engine
 * talks to the registry, not todoctl: these are its messages, e.g. {@code Get "http://R/v2/": dial tcp R: connect:
 * connection refused}.
 */
final class PushProblems {
    private PushProblems() {
    }

    static List<String> fixes(String registry, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("connection refused") || m.contains("no such host") || m.contains("i/o timeout")
                || m.contains("no route to host")) {
            return List.of("nothing answers as a registry at " + registry + ": start it, or fix --registry "
                    + "(check: curl http://" + registry + "/v2/ or https://" + registry + "/v2/)");
        }
        if (m.contains("server gave http response to https client")) {
            return List.of(registry + " serves plain HTTP: list it in the engine's insecure-registries "
                    + "(/etc/docker/daemon.json) or serve TLS; the engine allows plain HTTP only for 127.0.0.0/8");
        }
        if (m.contains("x509") || m.contains("certificate")) {
            return List.of("the engine does not trust " + registry + "'s certificate: put its CA in "
                    + "/etc/docker/certs.d/" + registry + "/ca.crt");
        }
        if (m.contains("unauthorized") || m.contains("authentication required") || m.contains("denied")) {
            return List.of("log the engine in to the registry: docker login " + registry,
                    "check that this account may push to the repository");
        }
        return List.of("check --registry and that this machine may push there (docker push by hand shows the engine's view)");
    }
}
