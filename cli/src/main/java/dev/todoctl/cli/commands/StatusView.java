package dev.todoctl.cli.commands;

import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.ui.Renderer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link StatusReport} as the stable machine document, or as a table with the URLs below it. */
public final class StatusView {
    private StatusView() {
    }

    public static Map<String, Object> document(StatusReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", report.target());
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("name", report.release().name());
        release.put("revision", report.release().revision());
        doc.put("release", release);
        doc.put("deployed", report.deployed());
        doc.put("healthy", report.healthy());
        doc.put("components", report.components().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("ready", c.ready());
            m.put("desired", c.desired());
            m.put("image", c.image());
            m.put("detail", c.detail());
            return m;
        }).toList());
        doc.put("urls", new LinkedHashMap<>(orderedUrls(report.urls())));
        return doc;
    }

    public static void table(StatusReport report, Renderer renderer, java.io.PrintWriter out) {
        if (!report.deployed()) {
            out.println("release " + report.release().name() + " is not deployed on the " + report.target() + " target");
            out.flush();
            return;
        }
        out.println("release " + report.release().name() + " revision " + report.release().revision() + " on "
                + report.target() + ": " + (report.healthy() ? "healthy" : "NOT healthy"));
        renderer.table(List.of("COMPONENT", "READY", "IMAGE", "DETAIL"), report.components().stream()
                .map(c -> List.of(c.name(), c.ready() + "/" + c.desired(), c.image(), c.detail())).toList());
        urls(report.urls(), out);
    }

    public static void urls(Map<String, String> urls, java.io.PrintWriter out) {
        orderedUrls(urls).forEach((name, url) -> out.println(String.format("%-4s %s", name, url)));
        out.flush();
    }

    private static Map<String, String> orderedUrls(Map<String, String> urls) {
        Map<String, String> ordered = new LinkedHashMap<>();
        if (urls.containsKey("web")) {
            ordered.put("web", urls.get("web"));
        }
        ordered.putAll(urls);
        return ordered;
    }

}
