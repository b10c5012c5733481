package dev.todoctl.cli.ops.images;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ImageHistory;
import dev.todoctl.cli.ops.images.Finding.Rule;
import dev.todoctl.cli.ui.Renderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image rules on fixtures: {@code api-*.json} is the engine's answer (inspect + history) for the real
 * todo-chatbot-api image, {@code bad-*.json} a BuildKit-built image that breaks every rule. Each rule is shown
 * firing on a bad variant and silent on the healthy one.
 */
@DisplayName("image analyzer")
class ImageAnalyzerTest {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final ImageAnalyzer DEFAULTS = new ImageAnalyzer(ImageAnalyzer.Policy.defaults());

    static ImageFacts fixture(String name, String reference) {
        try (InputStream inspect = ImageAnalyzerTest.class.getResourceAsStream("/images/" + name + "-inspect.json");
             InputStream history = ImageAnalyzerTest.class.getResourceAsStream("/images/" + name + "-history.json")) {
            return ImageFacts.from(reference, JSON.readValue(inspect, InspectImageResponse.class),
                    JSON.readValue(history, new TypeReference<List<ImageHistory>>() {
                    }));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ImageFacts good() {
        return fixture("api", "todo-chatbot-api:0.1.0-SNAPSHOT");
    }

    static List<Rule> rules(ImageFacts facts) {
        return DEFAULTS.analyze(facts).findings().stream().map(Finding::rule).toList();
    }

    /** The healthy image with one thing changed. */
    static ImageFacts with(String user, List<String> healthcheck, Map<String, String> env, List<ImageFacts.Layer> extraLayers,
                           String reference, List<String> tags, long size, int layerCount) {
        ImageFacts g = good();
        List<ImageFacts.Layer> layers = new ArrayList<>(g.layers());
        layers.addAll(extraLayers);
        Map<String, String> allEnv = new LinkedHashMap<>(g.env());
        allEnv.putAll(env);
        return new ImageFacts(reference == null ? g.reference() : reference, g.id(), tags == null ? g.tags() : tags,
                size < 0 ? g.size() : size, layers, layerCount < 0 ? g.layerCount() : layerCount,
                user == null ? g.user() : user, g.exposedPorts(), healthcheck == null ? g.healthcheck() : healthcheck,
                g.labels(), allEnv);
    }

    @Nested
    @DisplayName("the real api image (fixture)")
    class RealImage {
        @Test
        @DisplayName("is read as the engine reported it, instructions cleaned, oldest layer first")
        void facts() {
            ImageFacts f = good();
            assertThat(f.baseImage()).isEqualTo("todoctl/jre:25");
            assertThat(f.user()).isEqualTo("10001:10001");
            assertThat(f.exposedPorts()).containsExactly("8080/tcp");
            assertThat(f.hasHealthcheck()).isTrue();
            assertThat(f.layerCount()).isEqualTo(6);
            assertThat(f.size()).isEqualTo(139_070_220L);
            assertThat(f.layers().getFirst().instruction()).isEqualTo("(Imported from -)");
            assertThat(f.layers().getLast().instruction()).startsWith("LABEL dev.todoctl.inputs=");
            assertThat(f.layers()).extracting(ImageFacts.Layer::instruction).noneMatch(i -> i.contains("#(nop)"))
                    .anyMatch(i -> i.startsWith("RUN groupadd --system --gid 10001 app"))
                    .anyMatch(i -> i.startsWith("COPY file:") && i.endsWith("in /app/todo-chatbot.jar"));
            assertThat(f.env()).containsEntry("PORT", "8080");
        }

        @Test
        @DisplayName("has no findings")
        void clean() {
            assertThat(DEFAULTS.analyze(good()).findings()).isEmpty();
        }
    }

    @Nested
    @DisplayName("a BuildKit image that breaks every rule (fixture)")
    class BadImage {
        final ImageReport report = DEFAULTS.analyze(fixture("bad", "acme/shop:latest"));

        @Test
        @DisplayName("fires every rule, with its severity")
        void everyRule() {
            assertThat(report.findings()).extracting(Finding::rule).containsOnly(Rule.values());
            assertThat(report.worst()).contains(Severity.CRITICAL);
            assertThat(report.findings()).filteredOn(f -> f.rule() == Rule.PACKAGE_CACHE).hasSize(2)
                    .extracting(Finding::message).anyMatch(m -> m.startsWith("apt lists")).anyMatch(m -> m.startsWith("pip"));
            assertThat(report.facts().baseImage()).isEqualTo("unknown");
        }

        @Test
        @DisplayName("never prints the secret value: masked in env, in the layer list and in the findings")
        void masked() throws Exception {
            String document = Renderer.json().writeValueAsString(report.document());
            assertThat(document).doesNotContain("abc123").contains("\"API_TOKEN\":\"******\"")
                    .contains("ENV API_TOKEN=******");
            assertThat(report.maskedEnv()).containsEntry("API_TOKEN", "******").containsEntry("DB_PASSWORD", "")
                    .containsEntry("HOME", "/root");
            Finding secret = report.findings().stream().filter(f -> f.rule() == Rule.SECRET_ENV).findFirst().orElseThrow();
            assertThat(secret.message()).contains("API_TOKEN").doesNotContain("DB_PASSWORD");
            assertThat(report.toString()).doesNotContain("abc123").contains("API_TOKEN=******");
        }
    }

    @Nested
    @DisplayName("one rule at a time")
    class Rules {
        @ParameterizedTest(name = "USER \"{0}\" is root")
        @ValueSource(strings = {"", "0", "root", "0:0", "root:root", "0:10001"})
        void root(String user) {
            assertThat(rules(with(user, null, Map.of(), List.of(), null, null, -1, -1))).containsExactly(Rule.ROOT_USER);
        }

        @ParameterizedTest(name = "USER \"{0}\" is not root")
        @ValueSource(strings = {"10001", "app", "10001:10001", "app:0", "nobody"})
        void notRoot(String user) {
            assertThat(rules(with(user, null, Map.of(), List.of(), null, null, -1, -1))).isEmpty();
        }

        @Test
        @DisplayName("no HEALTHCHECK, or HEALTHCHECK NONE, fires; a test command does not")
        void healthcheck() {
            assertThat(rules(with(null, List.of(), Map.of(), List.of(), null, null, -1, -1))).containsExactly(Rule.NO_HEALTHCHECK);
            assertThat(rules(with(null, List.of("NONE"), Map.of(), List.of(), null, null, -1, -1))).containsExactly(Rule.NO_HEALTHCHECK);
            assertThat(rules(with(null, List.of("CMD", "true"), Map.of(), List.of(), null, null, -1, -1))).isEmpty();
        }

        @Test
        @DisplayName("the size budget: over fires, at the budget does not; --max-size moves it")
        void size() {
            assertThat(rules(with(null, null, Map.of(), List.of(), null, null, 250_000_001L, -1))).containsExactly(Rule.SIZE_BUDGET);
            assertThat(rules(with(null, null, Map.of(), List.of(), null, null, 250_000_000L, -1))).isEmpty();
            ImageAnalyzer strict = new ImageAnalyzer(new ImageAnalyzer.Policy(100_000_000L, 20));
            assertThat(strict.analyze(good()).findings()).extracting(Finding::rule).containsExactly(Rule.SIZE_BUDGET);
            assertThat(strict.analyze(good()).findings().getFirst().message()).contains("139MB").contains("100MB");
        }

        @ParameterizedTest(name = "[{index}] {0} → fires: {1}")
        @CsvSource(delimiterString = "=>", value = {
                "RUN apt-get update && apt-get install -y curl => true",
                "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* => false",
                "RUN apt install -y curl => true",
                "RUN apk add curl => true",
                "RUN apk add --no-cache curl => false",
                "RUN dnf install -y curl => true",
                "RUN dnf install -y curl && dnf clean all => false",
                "RUN yum install -y curl && rm -rf /var/cache/yum => false",
                "RUN pip install -r requirements.txt => true",
                "RUN pip3 install --no-cache-dir -r requirements.txt => false",
                "RUN mkdir -p /var/lib/apt/lists && echo x > /var/lib/apt/lists/a && apt-get install -y dpkg => true",
                "COPY file:abc in /opt/apt-get/install => false",
                "RUN echo apt-get is not run here; true => false"})
        void packageCache(String instruction, boolean fires) {
            ImageFacts facts = with(null, null, Map.of(), List.of(new ImageFacts.Layer(5_000_000, instruction.strip())),
                    null, null, -1, -1);
            assertThat(rules(facts)).isEqualTo(fires ? List.of(Rule.PACKAGE_CACHE) : List.of());
        }

        @Test
        @DisplayName("pip's cache is off for the whole image with PIP_NO_CACHE_DIR")
        void pipEnv() {
            assertThat(rules(with(null, null, Map.of("PIP_NO_CACHE_DIR", "1"),
                    List.of(new ImageFacts.Layer(5_000_000, "RUN pip install flask")), null, null, -1, -1))).isEmpty();
        }

        @ParameterizedTest(name = "ENV {0}={1} → fires: {2}")
        @CsvSource(delimiter = '|', value = {"API_TOKEN|abc123|true", "DB_PASSWORD|hunter2|true", "aws_secret_access_key|x|true",
                "OPENAI_API_KEY|sk-1|true", "DB_PASSWORD||false", "HOME|/tmp|false", "JAVA_HOME|/opt/java|false"})
        void secretEnv(String name, String value, boolean fires) {
            assertThat(rules(with(null, null, Map.of(name, value == null ? "" : value), List.of(), null, null, -1, -1)))
                    .isEqualTo(fires ? List.of(Rule.SECRET_ENV) : List.of());
        }

        @ParameterizedTest(name = "{0} tagged {1} → fires: {2}")
        @CsvSource(delimiter = '|', value = {
                "acme/app:latest|acme/app:latest,acme/app:1.0|true",
                "acme/app|acme/app:latest,acme/app:1.0|true",
                "localhost:5000/acme/app|localhost:5000/acme/app:latest,localhost:5000/acme/app:1.0|true",
                "acme/app@sha256:0123|acme/app:latest|true",
                "acme/app:1.0|acme/app:1.0,acme/app:latest|false",
                "localhost:5000/acme/app:1.0|localhost:5000/acme/app:1.0|false",
                "acme/app@sha256:0123|acme/app:1.0|false"})
        void latest(String reference, String tags, boolean fires) {
            assertThat(rules(with(null, null, Map.of(), List.of(), reference, List.of(tags.split(",")), -1, -1)))
                    .isEqualTo(fires ? List.of(Rule.LATEST_TAG) : List.of());
        }

        @Test
        @DisplayName("more layers than --max-layers fires (info); as many does not")
        void manyLayers() {
            assertThat(rules(with(null, null, Map.of(), List.of(), null, null, -1, 21))).containsExactly(Rule.MANY_LAYERS);
            assertThat(rules(with(null, null, Map.of(), List.of(), null, null, -1, 20))).isEmpty();
            assertThat(Rule.MANY_LAYERS.severity()).isEqualTo(Severity.INFO);
        }

        @ParameterizedTest(name = "{0} → fires: {1}")
        @CsvSource(delimiterString = "=>", value = {"ADD https://example.com/a.tgz /opt/ => true",
                "ADD --chmod=644 http://example.com/a /a => true", "ADD file:94985e8128de in /tmp/README => false",
                "COPY https-config.json /etc/ => false",
                "RUN curl -fsSL https://example.com/a -o /a && echo 'abc  /a' | sha256sum -c => false"})
        void remoteAdd(String instruction, boolean fires) {
            assertThat(rules(with(null, null, Map.of(), List.of(new ImageFacts.Layer(1000, instruction)), null, null, -1, -1)))
                    .isEqualTo(fires ? List.of(Rule.REMOTE_ADD) : List.of());
        }
    }

    @Nested
    @DisplayName("instructions and sizes")
    class Text {
        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiterString = "=>", value = {
                "/bin/sh -c #(nop)  ENV PORT=8080 => ENV PORT=8080",
                "|2 JRE_IMAGE=todoctl/jre:25 VERSION=1.0 /bin/sh -c groupadd app => RUN groupadd app",
                "/bin/sh -c apt-get update => RUN apt-get update",
                "RUN /bin/sh -c apt-get update # buildkit => RUN apt-get update",
                "COPY sample-app/target/lib/ /app/lib/ # buildkit => COPY sample-app/target/lib/ /app/lib/"})
        void clean(String createdBy, String expected) {
            assertThat(ImageFacts.cleanInstruction(createdBy)).isEqualTo(expected);
        }

        @Test
        @DisplayName("secret-looking assignments are masked in instructions, others kept")
        void mask() {
            assertThat(ImageFacts.maskSecrets("ENV API_TOKEN=abc123 HOME=/tmp DB_PASSWORD=\"a b\""))
                    .isEqualTo("ENV API_TOKEN=****** HOME=/tmp DB_PASSWORD=******");
            assertThat(ImageFacts.maskSecrets("ENV PORT=8080")).isEqualTo("ENV PORT=8080");
        }

        @ParameterizedTest(name = "{0} = {1} bytes")
        @CsvSource({"250MB,250000000", "1.5GB,1500000000", "300MiB,314572800", "100m,100000000", "2048,2048", "1gib,1073741824"})
        void parse(String text, long bytes) {
            assertThat(ByteSize.parse(text)).contains(bytes);
        }

        @ParameterizedTest(name = "\"{0}\" is not a size")
        @ValueSource(strings = {"", "abc", "-5MB", "12XB", "MB"})
        void notASize(String text) {
            assertThat(ByteSize.parse(text)).isEmpty();
        }

        @Test
        void format() {
            assertThat(ByteSize.format(139_070_220)).isEqualTo("139MB");
            assertThat(ByteSize.format(4_300)).isEqualTo("4.3kB");
            assertThat(ByteSize.format(999)).isEqualTo("999B");
        }
    }
}
