package dev.todoctl.validation.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.Redactor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code todoctl validate --compare-to}: the same {@link RequestSequence} against two deployments' apis (say local and
 * production), then their answers compared step by step — status, the headers that matter, the body's values
 * with ids, timestamps, tokens and each run's own names normalised (the chat's by shape only).
 */
public final class DeploymentComparison {
    /** More differences than this in one step's body are summed up in one line (a different contract, say). */
    static final int MAX_BODY_DIFFERENCES_PER_STEP = 12;

    private final Duration timeout;
    private final Optional<String> origin;

    /** @param origin sent as {@code Origin} on every request (the CORS-allowed origin), so CORS headers are compared */
    public DeploymentComparison(Duration timeout, Optional<String> origin) {
        this.timeout = timeout;
        this.origin = origin;
    }

    public ComparisonReport compare(String leftApiUrl, String rightApiUrl) {
        String left = trim(leftApiUrl);
        String right = trim(rightApiUrl);
        HttpProbe http = new HttpProbe(timeout, Redactor.none());
        String run = "compare-" + UUID.randomUUID().toString().substring(0, 8);
        List<Observation> l = RequestSequence.run(http, left, new RequestSequence.State(run + "-l"), origin);
        List<Observation> r = RequestSequence.run(http, right, new RequestSequence.State(run + "-r"), origin);
        String unreachable = l.getFirst().status() < 0 ? left + " does not answer"
                : r.getFirst().status() < 0 ? right + " does not answer" : null;
        if (unreachable != null) {
            return new ComparisonReport(left, right, l, r, List.of(), unreachable);
        }
        List<Difference> differences = new ArrayList<>();
        for (int i = 0; i < Math.min(l.size(), r.size()); i++) {
            differences.addAll(differences(l.get(i), r.get(i)));
        }
        return new ComparisonReport(left, right, l, r, differences, null);
    }

    static List<Difference> differences(Observation l, Observation r) {
        List<Difference> out = new ArrayList<>();
        if (l.status() != r.status()) {
            out.add(new Difference(l.step(), l.request(), "status", "", String.valueOf(l.status()), String.valueOf(r.status())));
        }
        TreeSet<String> names = new TreeSet<>(l.headers().keySet());
        names.addAll(r.headers().keySet());
        for (String name : names) {
            String a = l.headers().getOrDefault(name, Difference.ABSENT);
            String b = r.headers().getOrDefault(name, Difference.ABSENT);
            if (!a.equals(b)) {
                out.add(new Difference(l.step(), l.request(), "header", name, a, b));
            }
        }
        List<Difference> body = new ArrayList<>();
        diff(l.body(), r.body(), "", l, body);
        if (body.size() > MAX_BODY_DIFFERENCES_PER_STEP) {
            int more = body.size() - MAX_BODY_DIFFERENCES_PER_STEP;
            body = new ArrayList<>(body.subList(0, MAX_BODY_DIFFERENCES_PER_STEP));
            body.add(new Difference(l.step(), l.request(), "body", "", "…", more + " more differences"));
        }
        out.addAll(body);
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, String path, Observation step, List<Difference> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String child = path + "/" + key.replace("~", "~0").replace("/", "~1");
                if (!a.has(key) || !b.has(key)) {
                    out.add(new Difference(step.step(), step.request(), "body", child,
                            a.has(key) ? brief(a.get(key)) : Difference.ABSENT, b.has(key) ? brief(b.get(key)) : Difference.ABSENT));
                } else {
                    diff(a.get(key), b.get(key), child, step, out);
                }
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                out.add(new Difference(step.step(), step.request(), "body", path + " (length)", String.valueOf(a.size()),
                        String.valueOf(b.size())));
            }
            Iterator<JsonNode> x = a.elements();
            Iterator<JsonNode> y = b.elements();
            for (int i = 0; x.hasNext() && y.hasNext(); i++) {
                diff(x.next(), y.next(), path + "/" + i, step, out);
            }
            return;
        }
        out.add(new Difference(step.step(), step.request(), "body", path, brief(a), brief(b)));
    }

    private static String brief(JsonNode node) {
        String s = node.toString();
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** For JSON reports: the differences as plain maps. */
    public static List<Map<String, Object>> toMaps(List<Difference> differences) {
        return differences.stream().map(d -> Map.<String, Object>of("step", d.step(), "request", d.request(),
                "aspect", d.aspect(), "where", d.where(), "left", d.left(), "right", d.right())).toList();
    }
}
