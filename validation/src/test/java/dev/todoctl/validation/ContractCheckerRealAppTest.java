package dev.todoctl.validation;

import dev.todoctl.validation.contract.ContractChecker;
import dev.todoctl.validation.contract.ContractReport;
import dev.todoctl.validation.report.Outcome;
import dev.todoctl.validation.report.SummaryTable;
import dev.todoctl.validation.support.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("contract check against the real sample app")
class ContractCheckerRealAppTest {
    @TempDir
    static Path tmp;
    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = new LocalStack(tmp);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theRealAppConformsToTheFrozenContract() {
        ContractReport report = ContractChecker.bundled().check(stack.target());
        String summary = SummaryTable.render(report);
        System.out.println(summary);
        assertThat(report.changes()).as(summary).isEmpty();
        assertThat(report.count(Outcome.FAILED)).as(summary).isZero();
        assertThat(report.conformance().checks()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(report.negative().checks().size()).isGreaterThan(80);
    }
}
