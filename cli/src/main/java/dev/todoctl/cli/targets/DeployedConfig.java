package dev.todoctl.cli.targets;

import dev.todoctl.validation.EnvSource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration a target gave the running release, as validation's hygiene checks need it.
 *
 * @param plain         plain configuration, keyed by where it lives ("configmap/NAME/KEY", "env/WORKLOAD/CONTAINER/NAME"):
 *                      what must never hold a secret
 * @param apiEnvSources where each env variable of the api container comes from; empty when the target has no Secret
 *                      objects (docker)
 * @param secrets       the secret values the api was given (JWT_SECRET, DATABASE_PASSWORD, ...), by variable name, so
 *                      validation can look for them elsewhere and redact them; never printed
 */
public record DeployedConfig(Map<String, String> plain, Optional<Map<String, EnvSource>> apiEnvSources,
                             Map<String, String> secrets) {
    public DeployedConfig {
        // insertion order kept: reports list plain configuration in the order the target read it
        plain = Collections.unmodifiableMap(new LinkedHashMap<>(plain));
        apiEnvSources = apiEnvSources.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
        secrets = Map.copyOf(secrets);
    }

    @Override
    public String toString() {
        return "DeployedConfig[plain=" + plain.keySet() + ", apiEnvSources=" + apiEnvSources + ", secrets="
                + secrets.keySet() + "]";
    }
}
