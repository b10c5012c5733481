package dev.todoctl.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine for tests. Without an engine the test is skipped, unless
 * TODOCTL_REQUIRE_DOCKER=true (the CI test script sets it), which turns the skip into a failure.
 */
final class DockerEngine {

    static final String REQUIRE_ENV = "TODOCTL_REQUIRE_DOCKER";

    private DockerEngine() {
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRE_ENV));
    }

    /** Skips (or fails, when required) with the given reason. Never returns. */
    static void unavailable(String reason) {
        if (required()) {
            Assertions.fail(reason + " — and " + REQUIRE_ENV + "=true, so this is a failure, not a skip");
        }
        Assumptions.abort(reason + " — skipped (set " + REQUIRE_ENV + "=true to make this a failure)");
    }

    static DockerClient connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofMinutes(5))
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            unavailable("no Docker engine answers at " + config.getDockerHost() + " (start one with scripts/docker-engine.sh): " + e.getMessage());
        }
        return client;
    }

    /** The last lines a container wrote, for failure messages. */
    static String logs(DockerClient client, String containerId) {
        return logs(client, containerId, 40);
    }

    static String logs(DockerClient client, String containerId, int tail) {
        StringBuilder out = new StringBuilder();
        try {
            client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(tail)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload()));
                        }
                    }).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.append("(no logs: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }
}
