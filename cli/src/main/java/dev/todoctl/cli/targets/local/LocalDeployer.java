package dev.todoctl.cli.targets.local;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.deploy.ReleaseDeployer;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.platform.Fingerprint;
import dev.todoctl.cli.platform.JdkLocator;
import dev.todoctl.cli.platform.Ports;
import dev.todoctl.cli.targets.LiveReload;
import dev.todoctl.cli.targets.OverlayLaunch;
import dev.todoctl.cli.targets.RevisionStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts api and web as child JVMs bound to 127.0.0.1. When the jar, its libraries, the JDK and the
 * configuration are the same as the running deployment's, it leaves the processes alone.
 */
final class LocalDeployer implements ReleaseDeployer {
    static final List<String> COMPONENTS = List.of("api", "web");
    private static final List<String> CONFIG_KEYS = List.of("release", "app.", "local.", "build.artifact");

    private final TodoctlConfig config;
    private final Environment env;
    private final LocalState state;
    private final LocalProcesses processes;
    private final RevisionStore revisions;
    private final Optional<LiveReload.Session> devSession;

    LocalDeployer(TodoctlConfig config, Environment env, LocalState state, LocalProcesses processes,
                  RevisionStore revisions, Optional<LiveReload.Session> dev) {
        this.config = config;
        this.env = env;
        this.state = state;
        this.processes = processes;
        this.revisions = revisions;
        this.devSession = dev;
    }

    /**
     * What one revision runs, without its secrets: the jar (kept under the state directory's {@code revisions/}, so a
     * rebuild does not change it underneath the processes and a rollback finds it), the JDK, and the app settings.
     */
    record Spec(String jar, String jarDigest, String javaHome, Map<String, String> appEnv, String logLevel) {
    }

    @Override
    public DeployResult deploy(BuildResult build) {
        Artifact artifact = build.artifacts().getFirst();
        Path jar = Path.of(artifact.reference());
        JdkLocator.Jdk jdk = new JdkLocator(env).find();
        String fingerprint = new Fingerprint().add(artifact.digest()).add(libListing(jar))
                .add(jdk.home().toString()).add(config.deploymentFingerprintInput(CONFIG_KEYS))
                .add(new Fingerprint().add(secret()).hex())
                .add(devSession.map(d -> "dev " + d.webAssets() + " " + d.overlay()).orElse("")).hex();
        var previous = state.deployment();
        boolean running = COMPONENTS.stream().allMatch(c -> processes.find(c).isPresent());
        if (previous.isPresent() && previous.get().fingerprint().equals(fingerprint) && running) {
            return new DeployResult(config.release(), previous.get().revision(), false, Duration.ZERO,
                    List.of("fingerprint " + fingerprint.substring(0, 12) + " matches the running deployment"));
        }
        Path kept = state.keep(jar, artifact.digest());
        Spec spec = new Spec(kept.toString(), artifact.digest(), jdk.home().toString(), config.app().env(),
                config.app().logLevel());
        return apply(spec, jdk, fingerprint, "up");
    }

    private String secret() {
        return config.app().jwtSecret().isEmpty() ? state.jwtSecret() : config.app().jwtSecret();
    }

    /**
     * {@code spec} started again as a new revision (a rollback, a secret rotation), with today's secrets and the ports
     * in use.
     */
    DeployResult redeploy(Spec spec, String description) {
        JdkLocator.Jdk jdk = JdkLocator.probe(Path.of(spec.javaHome()), "the revision's JDK").orElseThrow(() ->
                new TodoctlException(Phase.ROLLBACK, "the JDK that revision ran on is gone: " + spec.javaHome()
                        + "; nothing was changed", List.of("deploy the sources with today's JDK: `todoctl up --target local`")));
        String fingerprint = new Fingerprint().add("rollback").add(spec.jarDigest()).add(description).hex();
        return apply(spec, jdk, fingerprint, description);
    }

    private DeployResult apply(Spec spec, JdkLocator.Jdk jdk, String fingerprint, String description) {
        var previous = state.deployment();
        Path jar = Path.of(spec.jar());
        List<String> evidence = new ArrayList<>();
        for (String component : COMPONENTS) {
            if (processes.stop(component, config.stopGrace())) {
                evidence.add("stopped the previous " + component);
            }
        }
        int apiPort = port("local.api-port", config.local().api(), previous.map(LocalState.Deployment::apiPort).orElse(0), 8080);
        int webPort = port("local.web-port", config.local().web(), previous.map(LocalState.Deployment::webPort).orElse(0), 8000);
        if (apiPort == webPort) {
            throw new TodoctlException(Phase.USAGE, "local.api-port and local.web-port are both " + apiPort,
                    List.of("give them different values"));
        }
        try {
            Files.createDirectories(state.dataDir());
        } catch (IOException e) {
            throw new TodoctlException(Phase.DEPLOY, "cannot create " + state.dataDir() + ": " + e.getMessage(),
                    List.of("check permissions, or set state-dir / TODOCTL_STATE_DIR"));
        }
        Map<String, Launch> launches = launches(spec, jdk, apiPort, webPort);
        ProcessHandle api = processes.start("api", launches.get("api").argv(), launches.get("api").env(), state.dir());
        ProcessHandle web = processes.start("web", launches.get("web").argv(), launches.get("web").env(), state.dir());
        evidence.add("api pid " + api.pid() + " on 127.0.0.1:" + apiPort + ", web pid " + web.pid() + " on 127.0.0.1:" + webPort);
        evidence.add("JDK " + jdk.feature() + " at " + jdk.home());
        int revision = revisions.next(previous.map(LocalState.Deployment::revision).orElse(0));
        state.save(new LocalState.Deployment(revision, fingerprint, apiPort, webPort, jar.toString(), spec.jarDigest(),
                jdk.home().toString()));
        List<RevisionStore.Entry> dropped = revisions.record(revision, description,
                List.of(jar.getFileName() + "@" + spec.jarDigest()), JSON.convertValue(spec, new TypeReference<>() { }));
        state.release(dropped.stream().map(e -> JSON.convertValue(e.spec(), Spec.class).jarDigest()).toList(),
                revisions.list().stream().map(e -> JSON.convertValue(e.spec(), Spec.class).jarDigest()).toList());
        return new DeployResult(config.release(), revision, true, Duration.ZERO, evidence);
    }

    /** One component's command line and environment. */
    record Launch(List<String> argv, Map<String, String> env) {
    }

    private Map<String, Launch> launches(Spec spec, JdkLocator.Jdk jdk, int apiPort, int webPort) {
        Path jar = Path.of(spec.jar());
        Map<String, String> base = baseEnv(jdk);
        Map<String, String> apiEnv = new LinkedHashMap<>(base);
        apiEnv.putAll(spec.appEnv());
        apiEnv.putAll(config.app().secretEnv());
        apiEnv.put("HOST", "127.0.0.1");
        apiEnv.put("PORT", String.valueOf(apiPort));
        apiEnv.put("DATA_DIR", state.dataDir().toString());
        apiEnv.put("JWT_SECRET", secret());
        if (config.app().jwtSecret().isEmpty()) {
            // the key a rotation replaced: still accepted, so sessions survive it (todoctl secrets rotate jwt)
            dev.todoctl.cli.platform.SecretFile.read(state.dir().resolve("jwt-secret.previous"))
                    .ifPresent(key -> apiEnv.put("JWT_ACCEPTED_SECRETS", key));
        }
        apiEnv.put("MIGRATE_ON_START", "true");
        Map<String, String> webEnv = new LinkedHashMap<>(base);
        webEnv.put("LOG_LEVEL", spec.logLevel());
        webEnv.put("HOST", "127.0.0.1");
        webEnv.put("PORT", String.valueOf(webPort));
        webEnv.put("API_URL", "http://127.0.0.1:" + apiPort);
        devSession.ifPresent(d -> webEnv.put("WEB_STATIC_DIR", d.webAssets().toString()));
        Map<String, Launch> launches = new LinkedHashMap<>();
        launches.put("api", new Launch(java(jdk, jar, "api"), apiEnv));
        launches.put("web", new Launch(java(jdk, jar, "web"), webEnv));
        return launches;
    }

    /**
     * {@code todoctl dev}: stops and starts these components of the running deployment as they were launched (same
     * ports, jar, JDK, settings), so they load the overlay's classes; the revision does not change.
     */
    void restart(java.util.Set<String> components, Duration grace) {
        LocalState.Deployment d = state.deployment().orElseThrow(() -> TodoctlException.usage(
                "nothing is deployed on the local target", "run `todoctl up --target local` first"));
        JdkLocator.Jdk jdk = JdkLocator.probe(Path.of(d.javaHome()), "the deployment's JDK").orElseThrow(() ->
                new TodoctlException(Phase.DEPLOY, "the JDK the deployment runs on is gone: " + d.javaHome(),
                        List.of("restart the loop: `todoctl dev --target local`")));
        Spec spec = new Spec(d.jar(), d.jarDigest(), d.javaHome(), config.app().env(), config.app().logLevel());
        Map<String, Launch> launches = launches(spec, jdk, d.apiPort(), d.webPort());
        for (String component : COMPONENTS) {
            if (components.contains(component)) {
                processes.stop(component, grace);
                Launch launch = launches.get(component);
                processes.start(component, launch.argv(), launch.env(), state.dir());
            }
        }
    }

    static Spec spec(RevisionStore.Entry entry) {
        return JSON.convertValue(entry.spec(), Spec.class);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The JVM command of one role. A class-data sharing archive per role, created by the JVM when the process
     * exits and reused while the jar is the same, takes about a third off the api's start-up CPU after the first
     * run. No C1-only flag: it made password hashing (PBKDF2, 210k rounds) several times slower, a signup took
     * seconds.
     */
    private List<String> java(JdkLocator.Jdk jdk, Path jar, String role) {
        if (devSession.isPresent()) {
            // the overlay first: classes `todoctl dev` compiled replace the jar's; no class-data sharing archive,
            // which cannot cover a directory on the class path whose contents change
            return List.of(jdk.java().toString(), "-XX:+UseSerialGC", "-cp",
                    devSession.get().overlay() + java.io.File.pathSeparator + jar, OverlayLaunch.mainClass(jar), role);
        }
        return List.of(jdk.java().toString(), "-XX:+UseSerialGC", "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + state.dir().resolve(role + ".jsa"), "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-jar", jar.toString(), role);
    }

    private int port(String key, int configured, int previous, int conventional) {
        int port = Ports.choose(configured, previous, conventional);
        if (configured != 0 && !Ports.isFree(port)) {
            throw new TodoctlException(Phase.DEPLOY, key + " " + port + " is already in use on 127.0.0.1",
                    List.of("free the port, or choose another: --set " + key + "=<port> (0 picks a free one)"));
        }
        return port;
    }

    private Map<String, String> baseEnv(JdkLocator.Jdk jdk) {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", jdk.home().resolve("bin") + ":" + env.get("PATH").orElse("/usr/bin:/bin"));
        base.put("JAVA_HOME", jdk.home().toString());
        env.get("HOME").ifPresent(h -> base.put("HOME", h));
        env.get("LANG").ifPresent(l -> base.put("LANG", l));
        env.get("TZ").ifPresent(t -> base.put("TZ", t));
        return base;
    }

    private static String libListing(Path jar) {
        Path lib = jar.resolveSibling("lib");
        if (!Files.isDirectory(lib)) {
            return "no lib/";
        }
        try (Stream<Path> files = Files.list(lib)) {
            return String.join(",", files.map(p -> p.getFileName() + ":" + p.toFile().length()).sorted().toList());
        } catch (IOException e) {
            return "unreadable lib/";
        }
    }

}
