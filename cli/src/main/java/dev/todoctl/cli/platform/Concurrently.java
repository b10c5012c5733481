package dev.todoctl.cli.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Independent look-ups run side by side on virtual threads, for the read-only commands: their checks are mostly
 * waiting (an engine's answer, an HTTP probe, a subprocess), and one after the other they added up past the 0.5 s
 * budget of issue #16. Results keep the order of the keys; the first failure is rethrown as it was thrown (a
 * {@link RuntimeException} or {@link Error} unchanged), after every task has ended — nothing is left running.
 */
public final class Concurrently {
    private Concurrently() {
    }

    public static <K, V> Map<K, V> map(List<K> keys, Function<? super K, ? extends V> lookup) {
        List<Future<V>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (K key : keys) {
                futures.add(threads.submit(() -> lookup.apply(key)));
            }
        }
        Map<K, V> results = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            results.put(keys.get(i), join(futures.get(i)));
        }
        return results;
    }

    /** Each task on its own virtual thread; returns once all have ended, rethrowing the first failure. */
    public static void run(Runnable... tasks) {
        map(List.of(tasks), task -> {
            task.run();
            return Boolean.TRUE;
        });
    }

    private static <V> V join(Future<V> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
