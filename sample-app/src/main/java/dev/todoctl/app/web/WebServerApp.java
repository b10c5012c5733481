package dev.todoctl.app.web;

/** Placeholder until the web service lands (branch web-ui). */
public final class WebServerApp {
    private WebServerApp() {
    }

    public static void start(WebConfig config) {
        throw new IllegalStateException("web role arrives with branch web-ui");
    }
}
