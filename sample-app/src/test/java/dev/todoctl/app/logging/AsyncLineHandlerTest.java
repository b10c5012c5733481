package dev.todoctl.app.logging;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncLineHandlerTest {

    private static LogRecord record(String msg, Map<String, ?> fields) {
        LogRecord r = new LogRecord(Level.INFO, msg);
        r.setLoggerName("access");
        r.setParameters(new Object[] {fields});
        return r;
    }

    @Test
    void everyLineFromManyThreadsIsWrittenWholeAndInEachThreadsOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLineHandler handler = new AsyncLineHandler(out, new JsonLogFormatter(), 64);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    handler.publish(record("request", Map.of("thread", thread, "seq", i)));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        handler.close();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(16_000);
        int[] next = new int[8];
        for (String line : lines) {
            assertThat(line).startsWith("{\"ts\":").endsWith("}");
            int thread = Integer.parseInt(line.replaceAll(".*\"thread\":(\\d+).*", "$1"));
            int seq = Integer.parseInt(line.replaceAll(".*\"seq\":(\\d+).*", "$1"));
            assertThat(seq).isEqualTo(next[thread]++);
        }
    }

    @Test
    void flushReturnsOnceEarlierLinesAreWritten() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLineHandler handler = new AsyncLineHandler(out, new JsonLogFormatter(), 16);
        handler.publish(record("one", Map.of()));
        handler.publish(record("two", Map.of()));
        handler.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"msg\":\"one\"").contains("\"msg\":\"two\"");
        handler.close();
    }

    @Test
    void aStalledOutputDelaysNoCallerUntilTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.write(b, off, len);
            }
        };
        AsyncLineHandler handler = new AsyncLineHandler(stalled, new JsonLogFormatter(), 100);
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            handler.publish(record("r" + i, Map.of()));
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        release.countDown();
        handler.close();
        assertThat(sink.toString(StandardCharsets.UTF_8).split("\n")).hasSize(50);
    }

    @Test
    void afterCloseNothingIsAccepted() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLineHandler handler = new AsyncLineHandler(out, new JsonLogFormatter(), 16);
        handler.close();
        handler.publish(record("late", Map.of()));
        handler.flush();
        assertThat(out.size()).isZero();
    }
}
