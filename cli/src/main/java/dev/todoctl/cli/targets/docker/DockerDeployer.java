package dev.todoctl.cli.targets.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.todoctl.cli.chart.ChartValues;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.deploy.ReleaseDeployer;
import dev.todoctl.cli.platform.Fingerprint;
import dev.todoctl.cli.platform.SecretFile;
import dev.todoctl.cli.targets.OverlayLaunch;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.Progress;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL, api and web as containers on the release's network, started in that order, each gated on the
 * previous one's start: the api waits for PostgreSQL to accept connections (it migrates at start-up); api and web
 * readiness is the rollout stage's. Image names, non-secret env and database name/user come from the chart's
 * values; the JWT secret and database password are generated once into the state directory (0600). Host ports
 * bind to 127.0.0.1 only. When images, env and ports match the running containers, nothing is touched. Each
 * deployment is recorded as a revision, its images kept by a {@code todoctl-<release>-rev-N} tag, for history and rollback.
 */
final class DockerDeployer implements ReleaseDeployer {
    /**
     * The env variables this deployer passes secrets in (api: JWT secret, database password, model keys; postgres:
     * its password). Anything else in the containers' env is plain configuration.
     */
    static final java.util.Set<String> SECRET_ENV = java.util.Set.of("JWT_SECRET", "JWT_ACCEPTED_SECRETS",
            "DATABASE_PASSWORD", "POSTGRES_PASSWORD", "OPENAI_API_KEY", "ANTHROPIC_API_KEY");
    private final TodoctlConfig config;
    private final DockerStack stack;
    private final ChartValues values;
    /** State files (0600): the api's database password, and after a rotation the login role it belongs to. */
    static final String DB_PASSWORD_FILE = "db-password";
    static final String DB_USER_FILE = "db-user";
    /** A hash of the password the database container was first started with (see {@link #initialPasswordHash}). */
    static final String DB_PASSWORD_HASH_FILE = "db-password.initial-sha256";

    private final Path secrets;
    private final Console console;
    private final RevisionStore revisions;

    DockerDeployer(TodoctlConfig config, DockerStack stack, ChartValues values, Path secrets, Console console,
                   RevisionStore revisions) {
        this(config, stack, values, secrets, console, revisions, Optional.empty());
    }

    /** With a {@code todoctl dev} session: the app containers mount the overlay and the web assets (see {@link #devHost}). */
    DockerDeployer(TodoctlConfig config, DockerStack stack, ChartValues values, Path secrets, Console console,
                   RevisionStore revisions, Optional<dev.todoctl.cli.targets.LiveReload.Session> devSession) {
        this.devSession = devSession;
        this.config = config;
        this.stack = stack;
        this.values = values;
        this.secrets = secrets;
        this.console = console;
        this.revisions = revisions;
    }

    String postgresImage(List<String> evidence) {
        if (!config.images().postgres().isEmpty()) {
            return config.images().postgres();
        }
        String chart = values.string("database.internal.image.repository", "postgres") + ":"
                + values.string("database.internal.image.tag", "17");
        if (!present(chart) && present("todoctl/postgres:17")) {
            evidence.add(chart + " not in the engine; using the local todoctl/postgres:17 (scripts/base-images.sh)");
            return "todoctl/postgres:17";
        }
        return chart;
    }

    /**
     * What one revision runs, without its secrets: images (reference and id), non-secret env, the database's image,
     * name and user, container ports. Recorded with the revision, so a rollback starts the same again.
     */
    record Spec(String postgresImage, String dbName, String dbUser, String apiImage, String apiImageId,
                String webImage, String webImageId, Map<String, String> apiEnv, Map<String, String> webEnv,
                int apiContainerPort, int webContainerPort) {
        List<String> images() {
            return List.of(apiImage + "@" + apiImageId, webImage + "@" + webImageId);
        }
    }

    @Override
    public DeployResult deploy(BuildResult build) {
        List<String> evidence = new ArrayList<>();
        Map<String, Artifact> images = new LinkedHashMap<>();
        build.artifacts().forEach(a -> images.put(a.name(), a));
        int apiContainerPort = Integer.parseInt(values.string("api.port", "8080"));
        int webContainerPort = Integer.parseInt(values.string("web.port", "8000"));
        String dbName = values.string("database.internal.database", "todo");
        Map<String, String> apiEnv = new LinkedHashMap<>(nonEmpty(values.env("api.env")));
        Map<String, String> webEnv = new LinkedHashMap<>(nonEmpty(values.env("web.env")));
        overrideFromConfig(apiEnv, webEnv);
        apiEnv.put("PORT", String.valueOf(apiContainerPort));
        apiEnv.put("DATABASE_URL", "jdbc:postgresql://" + stack.container("postgres") + ":5432/" + dbName);
        webEnv.put("PORT", String.valueOf(webContainerPort));
        webEnv.put("API_URL", "http://" + stack.container("api") + ":" + apiContainerPort);
        Spec spec = new Spec(postgresImage(evidence), dbName, values.string("database.internal.username", "todo"),
                images.get("api").reference(), images.get("api").digest(), images.get("web").reference(),
                images.get("web").digest(), apiEnv, webEnv, apiContainerPort, webContainerPort);
        return apply(spec, Optional.empty(), "up", evidence);
    }

    /**
     * Starts {@code spec} as a new revision unless the running containers match it already ({@code force}: the
     * revision a rollback goes back to, always a new revision). Gated only on PostgreSQL accepting connections,
     * which the api needs to start; api and web readiness is the rollout stage's to wait for.
     */
    private final Optional<dev.todoctl.cli.targets.LiveReload.Session> devSession;

    /** Where a dev deployment mounts the overlay of compiled classes and the web assets inside the app containers. */
    static final String DEV_CLASSES = OverlayLaunch.CONTAINER_CLASSES;
    static final String DEV_WEB = OverlayLaunch.CONTAINER_WEB;

    DeployResult apply(Spec spec, Optional<Integer> force, String description, List<String> evidence) {
        String dbPassword = SecretFile.getOrCreate(secrets.resolve(DB_PASSWORD_FILE), 24);
        // the login role of db-password: the owner (spec.dbUser), or its standby after `todoctl secrets rotate database`
        Optional<String> rotatedUser = SecretFile.read(secrets.resolve(DB_USER_FILE));
        String jwt = config.app().jwtSecret().isEmpty() ? SecretFile.getOrCreate(secrets.resolve("jwt-secret"), 48)
                : config.app().jwtSecret();
        Map<String, String> apiEnv = new LinkedHashMap<>(spec.apiEnv());
        apiEnv.put("DATABASE_USER", rotatedUser.orElse(spec.dbUser()));
        // every connection acts as the owner, whichever login role it used: see DatabaseRoles
        apiEnv.put("DATABASE_ROLE", spec.dbUser());
        Map<String, String> apiSecrets = new LinkedHashMap<>(config.app().secretEnv());
        apiSecrets.put("DATABASE_PASSWORD", dbPassword);
        apiSecrets.put("JWT_SECRET", jwt);
        if (config.app().jwtSecret().isEmpty()) {
            // the key a rotation replaced: still accepted, so sessions survive it (todoctl secrets rotate jwt)
            SecretFile.read(secrets.resolve("jwt-secret.previous")).ifPresent(p -> apiSecrets.put("JWT_ACCEPTED_SECRETS", p));
        }

        String postgresFp = new Fingerprint().add(spec.postgresImage()).add(spec.dbName()).add(spec.dbUser())
                .add(initialPasswordHash(secrets)).hex();
        String fingerprint = new Fingerprint().add(postgresFp).add(spec.apiImageId()).add(spec.webImageId())
                .add(apiEnv.toString()).add(spec.webEnv().toString()).add(hash(apiSecrets.toString()))
                .add(config.docker().ports().toString())
                .add(devSession.map(d -> "dev " + d.webAssets() + " " + d.overlay()).orElse("")).hex();

        Optional<InspectContainerResponse> previousApi = stack.inspect("api");
        boolean allRunning = DockerStack.COMPONENTS.stream().allMatch(c -> stack.inspect(c).filter(DockerStack::running)
                .filter(i -> DockerStack.label(i, DockerStack.FINGERPRINT).equals("postgres".equals(c) ? postgresFp : fingerprint))
                .isPresent());
        int previousRevision = previousApi.map(i -> DockerStack.label(i, DockerStack.REVISION))
                .filter(s -> !s.isEmpty()).map(Integer::parseInt).orElse(0);
        if (allRunning && force.isEmpty()) {
            return new DeployResult(config.release(), previousRevision, false, Duration.ZERO,
                    List.of("containers run fingerprint " + fingerprint.substring(0, 12) + ": unchanged"));
        }
        int apiPort = hostPort("docker.api-port", config.docker().ports().api(), previousApi, 8080);
        int webPort = hostPort("docker.web-port", config.docker().ports().web(), stack.inspect("web"), 8000);
        int revision = revisions.next(previousRevision);
        stack.remove("web", (int) config.stopGrace().toSeconds());
        stack.remove("api", (int) config.stopGrace().toSeconds());

        try (Progress progress = console.progress("starting postgres, api and web")) {
            ensureNetworkAndVolume(evidence);
            Optional<InspectContainerResponse> pg = stack.inspect("postgres");
            if (pg.filter(DockerStack::running).filter(i -> DockerStack.label(i, DockerStack.FINGERPRINT).equals(postgresFp)).isEmpty()) {
                stack.remove("postgres", (int) config.stopGrace().toSeconds());
                ensureImage(spec.postgresImage(), progress);
                Map<String, String> pgEnv = Map.of("POSTGRES_DB", spec.dbName(), "POSTGRES_USER", spec.dbUser(),
                        "POSTGRES_PASSWORD", dbPassword);
                run("postgres", spec.postgresImage(), pgEnv, postgresFp, revision, 0, 0, HostConfig.newHostConfig()
                        .withBinds(new Bind(stack.volume(), new Volume("/var/lib/postgresql/data"))));
                evidence.add("started " + stack.container("postgres") + " (" + spec.postgresImage() + ", volume " + stack.volume() + ")");
            } else {
                evidence.add("kept " + stack.container("postgres") + " (unchanged)");
            }
            progress.update("waiting for postgres to accept connections");
            new DockerRolloutWatcher(stack, console, revisions).awaitPostgres(spec.dbUser(), Instant.now().plus(config.readyTimeout()));

            Map<String, String> api = new LinkedHashMap<>(apiEnv);
            api.putAll(apiSecrets);
            String apiImage = keep(spec.apiImage(), spec.apiImageId(), revision);
            String webImage = keep(spec.webImage(), spec.webImageId(), revision);
            Map<String, String> web = new LinkedHashMap<>(spec.webEnv());
            devSession.ifPresent(d -> web.put("WEB_STATIC_DIR", DEV_WEB));
            run("api", apiImage, api, fingerprint, revision, spec.apiContainerPort(), apiPort, devHost("api", apiImage));
            evidence.add("started " + stack.container("api") + " (" + apiImage + ") on 127.0.0.1:" + apiPort);
            run("web", webImage, web, fingerprint, revision, spec.webContainerPort(), webPort, devHost("web", webImage));
            evidence.add("started " + stack.container("web") + " (" + webImage + ") on 127.0.0.1:" + webPort);
        }
        Map<String, Object> recorded = JSON.convertValue(spec, new com.fasterxml.jackson.core.type.TypeReference<>() { });
        for (RevisionStore.Entry dropped : revisions.record(revision, description, spec.images(), recorded)) {
            release(dropped);
        }
        return new DeployResult(config.release(), revision, true, Duration.ZERO, evidence);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static Spec spec(RevisionStore.Entry entry) {
        return JSON.convertValue(entry.spec(), Spec.class);
    }

    /**
     * The tag that keeps a revision's image: {@code <repository>:todoctl-<release>-rev-<n>} — the release in it, so two
     * releases on one engine never move or remove each other's.
     */
    static String keptTag(String reference, String release, int revision) {
        String repository = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = repository.lastIndexOf('/');
        int colon = repository.lastIndexOf(':');
        if (colon > slash) {
            repository = repository.substring(0, colon);
        }
        String tag = "todoctl-" + release.replaceAll("[^A-Za-z0-9_.-]", "-") + "-rev-" + revision;
        return repository + ":" + (tag.length() > 128 ? tag.substring(tag.length() - 128) : tag);
    }

    /**
     * Tags the image a revision runs so it outlives later builds of the same tag (a dangling image is what
     * {@code docker image prune} removes), and returns the reference the container is created from: the
     * build's reference when it still names that image, else the kept tag.
     */
    private String keep(String reference, String imageId, int revision) {
        String kept = keptTag(reference, config.release(), revision);
        int colon = kept.lastIndexOf(':');
        stack.docker().tagImageCmd(imageId, kept.substring(0, colon), kept.substring(colon + 1)).withForce().exec();
        return imageId(reference).filter(imageId::equals).isPresent() ? reference : kept;
    }

    Optional<String> imageId(String reference) {
        try {
            return Optional.ofNullable(stack.docker().inspectImageCmd(reference).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** A revision that fell out of the history no longer keeps its images. */
    private void release(RevisionStore.Entry dropped) {
        Spec old = spec(dropped);
        for (String reference : List.of(old.apiImage(), old.webImage())) {
            try {
                stack.docker().removeImageCmd(keptTag(reference, config.release(), dropped.revision())).withNoPrune(false).exec();
            } catch (RuntimeException e) {
                // already gone, or still used by a container: either way nothing to release
            }
        }
    }

    /** app.* settings the user set explicitly win over the chart's env; chart defaults otherwise. */
    private void overrideFromConfig(Map<String, String> apiEnv, Map<String, String> webEnv) {
        Map<String, String> explicit = new LinkedHashMap<>();
        if (config.explicit("app.log-level")) {
            explicit.put("LOG_LEVEL", config.app().logLevel());
            webEnv.put("LOG_LEVEL", config.app().logLevel());
        }
        for (String key : List.of("app.chat-provider", "app.chat-model", "app.chat-base-url")) {
            if (config.explicit(key)) {
                String env = key.substring(4).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
                explicit.put(env, config.values().get(key).value());
            }
        }
        apiEnv.putAll(explicit);
    }

    /** The chart's hardening, as far as Docker has it: read-only root filesystem, a small /tmp, no new privileges. */
    private static HostConfig appHost() {
        return HostConfig.newHostConfig().withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", "rw,size=64m"))
                .withSecurityOpts(List.of("no-new-privileges"));
    }

    /**
     * The app containers' host configuration; in a dev session also the bind mounts — the overlay of compiled classes
     * (read-only) for both, the web assets' source directory (read-only) for web; {@link #run} gives the containers
     * the image's own java command with the overlay put before the jar ({@link OverlayLaunch}).
     */
    private HostConfig devHost(String component, String image) {
        HostConfig host = appHost();
        devSession.ifPresent(d -> {
            List<Bind> binds = new ArrayList<>(List.of(new Bind(d.overlay().toString(), new Volume(DEV_CLASSES), AccessMode.ro)));
            if ("web".equals(component)) {
                binds.add(new Bind(d.webAssets().toString(), new Volume(DEV_WEB), AccessMode.ro));
            }
            host.withBinds(binds);
        });
        return host;
    }

    private void run(String component, String image, Map<String, String> env, String fingerprint, int revision,
                     int containerPort, int hostPort, HostConfig host) {
        Map<String, String> labels = new LinkedHashMap<>(stack.labels(component));
        labels.put(DockerStack.FINGERPRINT, fingerprint);
        labels.put(DockerStack.REVISION, String.valueOf(revision));
        host.withNetworkMode(stack.network()).withRestartPolicy(RestartPolicy.unlessStoppedRestart());
        var create = stack.docker().createContainerCmd(image).withName(stack.container(component))
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (hostPort > 0) {
            ExposedPort exposed = ExposedPort.tcp(containerPort);
            host.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), exposed));
            labels.put(DockerStack.HOST_PORT, String.valueOf(hostPort));
            create.withExposedPorts(exposed);
        }
        if (devSession.isPresent() && !"postgres".equals(component)) {
            var imageConfig = Optional.ofNullable(stack.docker().inspectImageCmd(image).exec().getConfig());
            List<String> entrypoint = imageConfig.map(c -> c.getEntrypoint()).map(List::of).orElse(List.of());
            List<String> cmd = imageConfig.map(c -> c.getCmd()).map(List::of).orElse(List.of());
            // a new entrypoint drops the image's CMD (the role), so it is given again
            OverlayLaunch.withOverlay(entrypoint, DEV_CLASSES, OverlayLaunch.mainClass(
                    config.sourceDir().orElseThrow().resolve(config.build().artifact()))).ifPresent(argv -> create.withEntrypoint(argv).withCmd(cmd));
        }
        String id = create.withLabels(labels).withHostConfig(host).exec().getId();
        try {
            stack.docker().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.DEPLOY, "cannot start " + stack.container(component) + ": " + e.getMessage(),
                    List.of(hostPort > 0 ? "is 127.0.0.1:" + hostPort + " in use? set docker." + component + "-port" : "see `docker logs "
                            + stack.container(component) + "`", "`todoctl down` removes what did start"), e);
        }
    }

    private int hostPort(String key, int configured, Optional<InspectContainerResponse> previous, int conventional) {
        int before = previous.map(i -> DockerStack.label(i, DockerStack.HOST_PORT)).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).orElse(0);
        if (configured != 0) {
            return configured;
        }
        if (before != 0) {
            return before;
        }
        return dev.todoctl.cli.platform.Ports.choose(0, conventional);
    }

    private void ensureNetworkAndVolume(List<String> evidence) {
        if (stack.docker().listNetworksCmd().withNameFilter(stack.network()).exec().stream()
                .noneMatch(n -> n.getName().equals(stack.network()))) {
            stack.docker().createNetworkCmd().withName(stack.network()).withDriver("bridge")
                    .withLabels(Map.of(DockerStack.RELEASE, config.release())).exec();
            evidence.add("created network " + stack.network());
        }
        try {
            stack.docker().inspectVolumeCmd(stack.volume()).exec();
        } catch (NotFoundException e) {
            stack.docker().createVolumeCmd().withName(stack.volume()).withLabels(Map.of(DockerStack.RELEASE, config.release())).exec();
            evidence.add("created volume " + stack.volume());
        }
    }

    private boolean present(String image) {
        try {
            stack.docker().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void ensureImage(String image, Progress progress) {
        if (present(image)) {
            return;
        }
        progress.update("pulling " + image);
        try {
            stack.docker().pullImageCmd(image).start().awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TodoctlException(Phase.DEPLOY, "interrupted while pulling " + image);
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.DEPLOY, "cannot pull " + image + ": " + e.getMessage(),
                    List.of("no registry here? build the local base images: scripts/base-images.sh",
                            "or set images.postgres to an image the engine has"), e);
        }
    }

    private static Map<String, String> nonEmpty(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * The database container's fingerprint covers the password it was initialised with (POSTGRES_PASSWORD only
     * matters to initdb). A rotation changes db-password each time, which must not recreate the container: the first
     * rotation keeps that password's hash beside it ({@link #keepInitialPasswordHash}) and the fingerprint uses it.
     */
    static String initialPasswordHash(Path secrets) {
        return SecretFile.read(secrets.resolve(DB_PASSWORD_HASH_FILE))
                .orElseGet(() -> hash(SecretFile.getOrCreate(secrets.resolve(DB_PASSWORD_FILE), 24)));
    }

    static void keepInitialPasswordHash(Path secrets) {
        if (SecretFile.read(secrets.resolve(DB_PASSWORD_HASH_FILE)).isEmpty()) {
            SecretFile.write(secrets.resolve(DB_PASSWORD_HASH_FILE), initialPasswordHash(secrets));
        }
    }

    private static String hash(String secret) {
        return new Fingerprint().add(secret).hex();
    }
}
