package dev.todoctl.validation;

import dev.todoctl.validation.contract.ContractFreezer;
import dev.todoctl.validation.support.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Regenerates the frozen contract from the real app:
 * {@code mvn -o -pl validation test -Dtest=ContractFreezeRunner -Dfreeze=true}.
 */
class ContractFreezeRunner {
    @Test
    @EnabledIfSystemProperty(named = "freeze", matches = "true")
    void freezeFromTheRealApp(@TempDir Path tmp) throws Exception {
        try (LocalStack stack = new LocalStack(tmp)) {
            new ContractFreezer(Duration.ofSeconds(5)).freeze(stack.apiUrl(),
                    Path.of("src/main/resources/contracts/todo-api.yaml"));
        }
    }
}
