package dev.todoctl.app.fuzz;

import dev.todoctl.app.support.TestApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** The fuzz suite against the api on embedded H2. */
class H2ApiFuzzTest extends ApiFuzzContract {
    private Path data;

    @Override
    protected TestApi startApi() {
        try {
            data = Files.createTempDirectory("todoctl-fuzz-h2-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestApi.h2(data, Map.of());
    }

    @Override
    protected void cleanUp() {
        try (Stream<Path> walk = Files.walk(data)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort inside our own temp directory
        }
    }
}
