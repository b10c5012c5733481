package dev.todoctl.cli.ops.assistant;

import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.targets.EventLog;
import dev.todoctl.cli.targets.Revision;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.UsageMeter;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The read-only half of the assistant: what is deployed, how it is doing, its logs, events, history and resource
 * use — from the target's own interface where it has one, else from the platform behind it (fabric8 for
 * kubernetes, docker-java for docker, /proc for local processes). Nothing here changes anything.
 */
final class TargetInspector {
    static final int MAX_LOG_LINES = 500;
    private static final int MAX_EVENTS = 20;

    private final Target target;
    private final TargetContext ctx;

    TargetInspector(Target target, TargetContext ctx) {
        this.target = target;
        this.ctx = ctx;
    }

    String targetName() {
        return target.name();
    }

    StatusReport report() {
        return target.status();
    }

    List<String> componentNames() {
        return report().components().stream().map(ComponentStatus::name).toList();
    }

    /** "Is everything healthy?": a verdict first, then each component. */
    String status() {
        StatusReport r = report();
        if (!r.deployed()) {
            return "Nothing is deployed: release " + r.release().name() + " has no running revision on the "
                    + r.target() + " target. Deploy it with `todoctl up`.";
        }
        List<ComponentStatus> bad = r.components().stream().filter(c -> !c.healthy()).toList();
        StringBuilder sb = new StringBuilder();
        sb.append(bad.isEmpty() && !r.components().isEmpty() ? "Healthy: " : "NOT healthy: ");
        sb.append("release ").append(r.release().name()).append(" revision ").append(r.release().revision())
                .append(" on the ").append(r.target()).append(" target; ");
        sb.append(bad.isEmpty() ? "all " + r.components().size() + " components are ready."
                : bad.size() + " of " + r.components().size() + " components not ready ("
                + String.join(", ", bad.stream().map(ComponentStatus::name).toList()) + ").");
        r.components().forEach(c -> sb.append('\n').append("- ").append(line(c)));
        r.urls().forEach((k, v) -> sb.append('\n').append("- ").append(k).append(" URL: ").append(v));
        return sb.toString();
    }

    String listComponents() {
        StatusReport r = report();
        if (r.components().isEmpty()) {
            return "No components found for release " + r.release().name() + " on the " + r.target() + " target.";
        }
        StringBuilder sb = new StringBuilder("Components of release " + r.release().name() + " on the " + r.target()
                + " target:");
        r.components().forEach(c -> sb.append("\n- ").append(line(c)));
        return sb.toString();
    }

    String describe(String component) {
        StatusReport r = report();
        Optional<String> name = Components.resolve(component, componentNames());
        if (name.isEmpty()) {
            return unknownComponent(component);
        }
        ComponentStatus c = r.components().stream().filter(s -> s.name().equals(name.get())).findFirst().orElseThrow();
        StringBuilder sb = new StringBuilder(c.name() + " on the " + r.target() + " target (release "
                + r.release().name() + " revision " + r.release().revision() + "):");
        sb.append("\n- ready: ").append(c.ready()).append('/').append(c.desired())
                .append(c.healthy() ? " (healthy)" : " (NOT healthy)");
        sb.append("\n- image: ").append(c.image().isEmpty() ? "unknown" : c.image());
        if (c.detail() != null && !c.detail().isBlank()) {
            sb.append("\n- detail: ").append(c.detail());
        }
        Optional.ofNullable(r.urls().get(c.name())).ifPresent(u -> sb.append("\n- URL: ").append(u));
        return sb.toString();
    }

    /** The last {@code lines} lines of a component's logs (api and web, prefixed, when {@code component} is null). */
    String logs(String component, int lines) {
        String name = null;
        if (component != null && !component.isBlank()) {
            Optional<String> resolved = Components.resolve(component, componentNames());
            if (resolved.isEmpty()) {
                return unknownComponent(component);
            }
            name = resolved.get();
        }
        int n = Math.max(1, Math.min(lines, MAX_LOG_LINES));
        StringWriter buffer = new StringWriter();
        target.logs(name, false, new PrintWriter(buffer));
        List<String> all = buffer.toString().lines().toList();
        List<String> tail = all.subList(Math.max(0, all.size() - n), all.size());
        String what = name == null ? "api and web" : name;
        if (tail.isEmpty()) {
            return "The " + what + " logs on the " + target.name() + " target are empty.";
        }
        return "Last " + tail.size() + " log lines of " + what + " on the " + target.name() + " target:\n"
                + String.join("\n", tail);
    }

    String events(String component) {
        Optional<EventLog> log = target.events();
        if (log.isEmpty()) {
            return "Events are not available on the " + target.name() + " target (kubernetes has events, docker "
                    + "has container states); use the status and logs tools instead.";
        }
        Optional<String> which = Optional.empty();
        if (component != null && !component.isBlank()) {
            which = Components.resolve(component, knownComponents());
            if (which.isEmpty()) {
                return unknownComponent(component);
            }
        }
        List<EventLog.Event> events = log.get().recent(which, MAX_EVENTS);
        String what = which.orElse("release " + ctx.config().release());
        if (events.isEmpty()) {
            return "No " + log.get().source() + " for " + what + " (events expire after about an hour).";
        }
        StringBuilder sb = new StringBuilder(capitalised(log.get().source()) + " for " + what + " (oldest first, at most "
                + MAX_EVENTS + "):");
        for (EventLog.Event e : events) {
            sb.append("\n- ").append(e.type()).append(' ').append(e.reason()).append(' ').append(e.object()).append(": ")
                    .append(e.message()).append(e.count() > 1 ? " (x" + e.count() + ")" : "");
        }
        return sb.toString();
    }

    /** The components status lists, plus PostgreSQL, which docker runs as a container of its own. */
    private List<String> knownComponents() {
        List<String> names = new ArrayList<>(componentNames());
        if (!names.contains("postgres")) {
            names.add("postgres");
        }
        return names;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    String history() {
        Optional<Revisions> revisions = target.revisions();
        if (revisions.isEmpty()) {
            return "Release history is not available on the " + target.name() + " target.";
        }
        List<Revision> history = revisions.get().history();
        if (history.isEmpty()) {
            return "Release " + ctx.config().release() + " has no revisions on the " + target.name() + " target.";
        }
        StringBuilder sb = new StringBuilder("Revisions of release " + ctx.config().release() + " on the "
                + target.name() + " target:");
        for (Revision r : history) {
            sb.append("\n- revision ").append(r.number()).append(": ").append(r.status()).append(", ")
                    .append(r.updated()).append(", images ").append(String.join(", ", r.images()))
                    .append(r.description().isEmpty() ? "" : " — " + r.description());
        }
        return sb.toString();
    }

    /** "What uses the most memory?": measured where the platform can measure, else said to be unavailable. */
    String resourceUsage() {
        Optional<UsageMeter> meter = target.usage();
        if (meter.isEmpty()) {
            return "Resource usage is not available on the " + target.name() + " target"
                    + (target.name().equals("local") ? ": no local api or web process is running, so there is nothing to measure." : ".");
        }
        return usageText(meter.get().read());
    }

    /** A reading as the answer: sorted by memory, the biggest named; no figures → why. */
    static String usageText(UsageMeter.Reading reading) {
        if (reading.use().isEmpty()) {
            return reading.note();
        }
        List<UsageMeter.Use> measured = reading.use().stream()
                .sorted(Comparator.comparingDouble(UsageMeter.Use::memoryMb).reversed()).toList();
        StringBuilder sb = new StringBuilder("Memory use now (" + reading.source() + "), highest first:");
        for (UsageMeter.Use u : measured) {
            sb.append(String.format(Locale.ROOT, "%n- %s: %.1f MB memory, %.1f%% CPU", u.name(), u.memoryMb(),
                    u.cpuPercent()));
        }
        sb.append("\nThe most memory: ").append(measured.getFirst().name()).append('.');
        return sb.toString();
    }

    String unknownComponent(String component) {
        List<String> known = componentNames();
        return "There is no component '" + component + "' on the " + target.name() + " target"
                + (known.isEmpty() ? " (nothing is deployed)." : "; the components are " + String.join(", ", known) + ".");
    }

    static String line(ComponentStatus c) {
        return c.name() + ": " + c.ready() + "/" + c.desired() + " ready" + (c.healthy() ? "" : " (NOT healthy)")
                + (c.image() == null || c.image().isEmpty() ? "" : ", image " + c.image())
                + (c.detail() == null || c.detail().isBlank() ? "" : ", " + c.detail());
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
