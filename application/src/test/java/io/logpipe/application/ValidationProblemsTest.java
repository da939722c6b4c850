package io.logpipe.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.domain.InvalidRequestException;
import org.junit.jupiter.api.Test;

class ValidationProblemsTest {
    private final ValidationProblems problems = new ValidationProblems();

    @Test
    void isEmptyUntilAProblemIsNoted() {
        assertThat(problems.isEmpty()).isTrue();
        assertThat(problems.count()).isZero();

        problems.add("[0].service", "is required");

        assertThat(problems.isEmpty()).isFalse();
        assertThat(problems.count()).isEqualTo(1);
    }

    @Test
    void namesWhereEachProblemWasFoundInTheOrderNoted() {
        problems.add("[2].service", "is required");
        problems.add("the request holds no log entries");
        problems.add("[0].level", "unknown level");

        InvalidRequestException rejection = problems.rejection("invalid log entries");

        assertThat(rejection).hasMessage("invalid log entries");
        assertThat(rejection.errors()).containsExactly(
                "[2].service: is required", "the request holds no log entries", "[0].level: unknown level");
    }

    @Test
    void showsAHundredProblemsAndCountsTheRest() {
        for (int i = 0; i < 250; i++) {
            problems.add(i % 2 == 0 ? "[" + i + "].service: is required" : "[" + i + "]: not an object");
        }

        InvalidRequestException rejection = problems.rejection("invalid");

        assertThat(problems.count()).isEqualTo(250);
        assertThat(rejection.errors()).hasSize(101);
        assertThat(rejection.errors().get(99)).isEqualTo("[99]: not an object");
        assertThat(rejection.errors().get(100)).isEqualTo("... and 150 more problems");
    }

    @Test
    void countsOneMoreProblemInTheSingular() {
        for (int i = 0; i < 101; i++) {
            problems.add("[" + i + "].service", "is required");
        }

        assertThat(problems.rejection("invalid").errors()).last().isEqualTo("... and 1 more problem");
    }

    @Test
    void addsNoCountingLineWhenEveryProblemIsShown() {
        for (int i = 0; i < 100; i++) {
            problems.add("[" + i + "].service", "is required");
        }

        assertThat(problems.rejection("invalid").errors()).hasSize(100).last().isEqualTo("[99].service: is required");
    }

    @Test
    void countsProblemsOnlyCountedElsewhereAndIsThenNotEmpty() {
        ValidationProblems problems = new ValidationProblems();

        problems.countUnlisted(3);

        assertThat(problems.isEmpty()).isFalse();
        assertThat(problems.count()).isEqualTo(3);
        assertThat(problems.rejection("bad").errors()).containsExactly("... and 3 more problems");
    }
}
