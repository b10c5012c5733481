package dev.todoctl.cli;

import dev.todoctl.cli.platform.Environment;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the real CLI in-process as {@link Todoctl#main} builds it for the arguments (picocli's testing guide:
 * {@code new CommandLine(new Todoctl(env))} with captured out/err), in a given working directory and environment.
 */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun in(Path cwd, Map<String, String> vars, String... args) {
        Map<String, String> env = new HashMap<>(vars);
        env.putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.putIfAbsent("HOME", cwd.toString());
        env.putIfAbsent("NO_COLOR", "1");
        env.putIfAbsent("KUBECONFIG", cwd.resolve("no-kubeconfig").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Todoctl.commandLine(new Environment(env, cwd, cwd, false), new PrintWriter(out, true),
                new PrintWriter(err, true), args);
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * The environment of a test that runs real builds and JVMs through the CLI: its own state directory, the real
     * HOME (the Maven repository) and the JDK, PATH and MAVEN_OPTS of the test run; nothing else.
     */
    public static Map<String, String> buildEnvironment(Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("TODOCTL_STATE_DIR", stateDir.toString());
        env.put("HOME", System.getProperty("user.home"));
        System.getenv().forEach((k, v) -> {
            if (k.equals("JAVA_HOME") || k.equals("PATH") || k.equals("MAVEN_OPTS")) {
                env.put(k, v);
            }
        });
        return env;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
