package dev.todoctl.cli.targets;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The release's database as {@code todoctl db backup/restore} reach it: PostgreSQL by running its own client tools
 * inside the database's container or pod (docker exec; the Kubernetes exec API, no kubectl), or the embedded H2 of
 * the local target through the H2 tools of the app's own H2 jar (the file format is that version's). Either way
 * with control over the api, which must not write while a restore replaces the data.
 */
public sealed interface DatabaseAccess {
    /** Where the database runs, for messages ("container x", "pod y in namespace z", "H2 file …"). */
    String where();

    ApiControl api();

    /** A command run where the database runs; returns its exit code. */
    @FunctionalInterface
    interface Exec {
        int run(List<String> argv, InputStream stdin, OutputStream stdout, OutputStream stderr);
    }

    /**
     * Copies a local file into the database's container or pod (for psql {@code -f}: docker-java's and fabric8's
     * exec stdin does not reliably pass end-of-file, an upload does).
     */
    @FunctionalInterface
    interface Upload {
        void copy(Path local, String remotePath);
    }

    /** The api that writes to the database: whether it runs, and stopping it until the returned handle starts it. */
    interface ApiControl {
        boolean running();

        /** Stops the api; {@link Stopped#start()} starts it again as it was and waits until it is ready. */
        Stopped stop();
    }

    interface Stopped {
        void start();
    }

    /** PostgreSQL: {@code exec} runs psql/pg_dump in the database container as {@code user} over the local socket. */
    record Postgres(String where, String database, String user, Exec exec, Upload upload, ApiControl api)
            implements DatabaseAccess {
    }

    /** H2 in a file: the app's {@code h2} jar, the JDBC URL the app uses, and a JVM to run the tools with. */
    record Embedded(String where, Path h2Jar, Path java, String url, Path dataDir, ApiControl api) implements DatabaseAccess {
    }
}
