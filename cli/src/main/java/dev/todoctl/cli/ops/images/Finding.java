package dev.todoctl.cli.ops.images;

/** One piece of advice about an image: which rule, how much it matters, what was seen, and what to do. */
public record Finding(Rule rule, Severity severity, String message, String suggestion) {

    /** The closed set of image rules, each with its fixed severity. */
    public enum Rule {
        ROOT_USER("root-user", Severity.CRITICAL),
        SECRET_ENV("secret-env", Severity.CRITICAL),
        NO_HEALTHCHECK("no-healthcheck", Severity.WARNING),
        SIZE_BUDGET("size-budget", Severity.WARNING),
        PACKAGE_CACHE("package-cache", Severity.WARNING),
        LATEST_TAG("latest-tag", Severity.WARNING),
        REMOTE_ADD("remote-add", Severity.WARNING),
        MANY_LAYERS("many-layers", Severity.INFO);

        private final String id;
        private final Severity severity;

        Rule(String id, Severity severity) {
            this.id = id;
            this.severity = severity;
        }

        public String id() {
            return id;
        }

        public Severity severity() {
            return severity;
        }

        Finding finding(String message, String suggestion) {
            return new Finding(this, severity, message, suggestion);
        }
    }
}
