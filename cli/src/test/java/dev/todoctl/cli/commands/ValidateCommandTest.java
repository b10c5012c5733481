package dev.todoctl.cli.commands;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("todoctl validate / contract against the real app")
class ValidateCommandTest {
    @TempDir
    static Path dir;
    private static ApiServer api;
    private static String apiUrl;

    @BeforeAll
    static void start() {
        api = ApiServer.start(ApiConfig.from(new Env(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "JWT_SECRET", "validate-command-test-secret-0123456789", "DATA_DIR", dir.resolve("data").toString()))));
        apiUrl = "http://127.0.0.1:" + api.port();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    @DisplayName("contract check passes against the app the contract was frozen from (exit 0)")
    void contractPasses() {
        CliRun run = CliRun.in(dir, Map.of(), "contract", "check", "--base-url", apiUrl);
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    @DisplayName("a frozen contract promising an operation the app lacks is drift: exit 40")
    void driftIsExit40() throws Exception {
        Path frozen = dir.resolve("frozen.yaml");
        CliRun freeze = CliRun.in(dir, Map.of(), "contract", "freeze", "--base-url", apiUrl, "-f", frozen.toString());
        assertThat(freeze.exitCode()).as(freeze.toString()).isZero();
        String yaml = Files.readString(frozen);
        assertThat(yaml).contains("/api/v1/tasks").doesNotContain("servers:");
        Files.writeString(frozen, yaml.replace("  /health:\n", String.join("\n",
                "  /api/v1/archive:",
                "    get:",
                "      operationId: listArchive",
                "      responses:",
                "        '200':",
                "          description: archived tasks",
                "  /health:", "")));
        CliRun check = CliRun.in(dir, Map.of(), "contract", "check", "--base-url", apiUrl, "-f", frozen.toString());
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(40);
        assertThat(check.out()).contains("/api/v1/archive");
    }

    @Test
    @DisplayName("validate: end-to-end scenarios pass against the real app, JUnit XML written (exit 0)")
    void validatePasses() throws Exception {
        Path junit = dir.resolve("report.xml");
        CliRun run = CliRun.in(dir, Map.of(), "validate", "--base-url", apiUrl, "--no-contract",
                "--scenario", "health", "--scenario", "auth", "--scenario", "tasks", "--scenario", "isolation",
                "--junit", junit.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // the XML CI reads: one suite per scenario asked for, each with checks, none failed
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile()).getDocumentElement();
        assertThat(root.getAttribute("failures")).isEqualTo("0");
        NodeList suites = root.getElementsByTagName("testsuite");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            names.add(suite.getAttribute("name"));
            assertThat(Integer.parseInt(suite.getAttribute("tests"))).as(suite.getAttribute("name")).isPositive();
            assertThat(suite.getAttribute("failures")).as(suite.getAttribute("name")).isEqualTo("0");
        }
        assertThat(names).containsExactly("e2e 1: health & readiness", "e2e 2: auth", "e2e 3: tasks", "e2e 5: isolation");
        assertThat(root.getElementsByTagName("failure").getLength()).isZero();
        assertThat(run.out()).contains("e2e 3: tasks");
    }

    @Test
    @DisplayName("validate against nothing listening fails with the contract's exit 40; e2e alone with 50")
    void unreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        assertThat(CliRun.in(dir, Map.of(), "validate", "--base-url", url, "--evidence-dir",
                dir.resolve("ev1").toString()).exitCode()).isEqualTo(40);
        assertThat(CliRun.in(dir, Map.of(), "validate", "--base-url", url, "--no-contract", "--scenario", "health",
                "--evidence-dir", dir.resolve("ev2").toString()).exitCode()).isEqualTo(50);
    }

    @Test
    @DisplayName("validate --fuzz N alone: the hostile-input scenario passes against the real app (exit 0), in the JSON "
            + "report; against nothing listening it is the e2e phase's exit 50")
    void fuzz() throws Exception {
        Path json = dir.resolve("fuzz.json");
        CliRun run = CliRun.in(dir, Map.of(), "validate", "--base-url", apiUrl, "--no-contract", "--no-e2e",
                "--fuzz", "100", "--json", json.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(json)).contains("hostile input (100 generated requests");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(CliRun.in(dir, Map.of(), "validate", "--base-url", "http://127.0.0.1:" + port, "--no-contract",
                "--no-e2e", "--fuzz", "10", "--evidence-dir", dir.resolve("ev3").toString()).exitCode()).isEqualTo(50);
    }

    @Test
    @DisplayName("a non-http base URL is a usage error (exit 2)")
    void badUrl() {
        CliRun run = CliRun.in(dir, Map.of(), "validate", "--base-url", "ftp://example");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    }
}
