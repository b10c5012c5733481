package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's kept kubernetes clients, against fabric8's mock API server. */
@EnableKubernetesMockClient(crud = true)
class SharedClientsTest {
    KubernetesClient mock;
    final AtomicInteger built = new AtomicInteger();

    @AfterEach
    void off() {
        SharedClients.disable();
    }

    Supplier<KubernetesClient> builder(Config config) {
        return () -> {
            built.incrementAndGet();
            return new KubernetesClientBuilder().withConfig(config).build();
        };
    }

    @Test
    void offByDefaultEachCallBuildsItsOwn() {
        Config config = mock.getConfiguration();
        try (KubernetesClient a = SharedClients.get(config, builder(config));
             KubernetesClient b = SharedClients.get(config, builder(config))) {
            assertThat(a).isNotSameAs(b);
        }
        assertThat(built).hasValue(2);
    }

    @Test
    void enabledOneClientServesCommandAfterCommandAndTheirCloseLeavesItOpen() {
        SharedClients.enable();
        Config config = mock.getConfiguration();
        mock.pods().inNamespace("ns").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata().build()).create();
        for (int command = 0; command < 3; command++) {
            try (KubernetesClient client = SharedClients.get(config, builder(config))) {
                assertThat(client.pods().inNamespace("ns").list().getItems()).hasSize(1);
            } // a command's try-with-resources: must not close the kept client
        }
        assertThat(built).as("built once").hasValue(1);
        assertThat(SharedClients.kept()).isEqualTo(1);
    }

    @Test
    void anotherConnectionGetsAnotherClient(@TempDir Path dir) throws Exception {
        SharedClients.enable();
        Config config = mock.getConfiguration();
        Config token = new ConfigBuilder(config).withOauthToken("t1").build();
        Config otherToken = new ConfigBuilder(config).withOauthToken("t2").build();
        Config quick = new ConfigBuilder(config).withRequestTimeout(5000).build();
        SharedClients.get(config, builder(config));
        SharedClients.get(token, builder(token));
        SharedClients.get(otherToken, builder(otherToken));
        SharedClients.get(quick, builder(quick));
        SharedClients.get(new ConfigBuilder(token).build(), builder(token));
        assertThat(built).hasValue(4);
        // a credential file rewritten in place (minikube renews its certificates) is another connection too
        Path cert = dir.resolve("client.crt");
        Files.writeString(cert, "one");
        Config withFile = new ConfigBuilder(config).withClientCertFile(cert.toString()).build();
        String before = SharedClients.key(withFile);
        Files.writeString(cert, "renewed, longer");
        assertThat(SharedClients.key(withFile)).isNotEqualTo(before);
        assertThat(SharedClients.key(token)).doesNotContain("t1");
    }
}
