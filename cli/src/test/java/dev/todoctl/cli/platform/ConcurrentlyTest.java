package dev.todoctl.cli.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Concurrently: look-ups side by side, results in key order, failures as thrown")
class ConcurrentlyTest {
    @Test
    @DisplayName("results keep the keys' order; the waits overlap")
    void order() {
        long start = System.nanoTime();
        var results = Concurrently.map(List.of(3, 1, 2), n -> {
            sleep(300);
            return "v" + n;
        });
        assertThat(results.keySet()).containsExactly(3, 1, 2);
        assertThat(results.values()).containsExactly("v3", "v1", "v2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(850));
    }

    @Test
    @DisplayName("a failure is rethrown unchanged, after every other task has ended (nothing left running)")
    void failure() {
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("engine gone");
        assertThatThrownBy(() -> Concurrently.map(List.of("a", "b", "c"), key -> {
            if (key.equals("a")) {
                throw boom;
            }
            sleep(200);
            return finished.incrementAndGet();
        })).isSameAs(boom);
        assertThat(finished).hasValue(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
