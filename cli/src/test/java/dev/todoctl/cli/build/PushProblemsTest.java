package dev.todoctl.cli.build;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("push failures mapped to fixes")
class PushProblemsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // the engine's words (the first one as Docker 20.10 says it for a registry that is down) | the fix
            "Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused | nothing answers as a registry at r:5000",
            "Get \"https://r:5000/v2/\": http: server gave HTTP response to HTTPS client | insecure-registries",
            "Get \"https://r:5000/v2/\": x509: certificate signed by unknown authority | /etc/docker/certs.d/r:5000/ca.crt",
            "unauthorized: authentication required | docker login r:5000",
            "denied: requested access to the resource is denied | docker login r:5000",
            "blob upload unknown | check --registry",
    })
    void knownFailures(String message, String fix) {
        assertThat(PushProblems.fixes("r:5000", message)).anySatisfy(f -> assertThat(f).contains(fix));
        if (!fix.equals("check --registry")) {
            assertThat(PushProblems.fixes("r:5000", message)).noneMatch(f -> f.startsWith("check --registry"));
        }
    }
}
