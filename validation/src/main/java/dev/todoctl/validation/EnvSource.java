package dev.todoctl.validation;

/**
 * Where one environment variable of a deployed component gets its value from, as the platform declares it (not
 * the value itself): what the hygiene scenario needs to tell "the JWT secret comes from a Secret" from "the JWT
 * secret is written into the Deployment".
 *
 * @param kind   the kind of source
 * @param origin for people, e.g. "Secret todo-secrets, key JWT_SECRET" or "literal value in Deployment todo-api"
 */
public record EnvSource(Kind kind, String origin) {

    public enum Kind {
        /** A Secret reference ({@code secretKeyRef}, {@code envFrom.secretRef}). */
        SECRET,
        /** A ConfigMap reference ({@code configMapKeyRef}, {@code envFrom.configMapRef}). */
        CONFIG_MAP,
        /** A value written into the workload's spec. */
        LITERAL,
        /** Anything else the platform computes (downward API, resource fields). */
        OTHER
    }

    public static EnvSource secret(String origin) {
        return new EnvSource(Kind.SECRET, origin);
    }

    public static EnvSource configMap(String origin) {
        return new EnvSource(Kind.CONFIG_MAP, origin);
    }

    public static EnvSource literal(String origin) {
        return new EnvSource(Kind.LITERAL, origin);
    }
}
