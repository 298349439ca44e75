package dev.jobnet.converter.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.converter.Finding;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.model.JobnetSet;
import dev.jobnet.converter.model.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The assertions pass on what is there and, when they fail, print every finding seen. */
class ValidationAssertTest {

  private static final Finding CYCLE =
      new Finding(FindingCode.CYCLE, new Location("f.yaml", 5, 7), "cycle among 'next' edges: a -> b -> a; remove one");
  private static final Finding UNKNOWN_NEXT =
      new Finding(FindingCode.UNKNOWN_NEXT, new Location("f.yaml", 9, 20), "job 'c' names 'dd'; did you mean 'd'?");

  private static Validation validationWith(Finding... findings) {
    return new Validation(new JobnetSet(List.of()), List.of(findings));
  }

  @Test
  void passesOnWhatIsThere() {
    // given
    Validation validation = validationWith(CYCLE, UNKNOWN_NEXT);

    // when / then
    ValidationAssert.assertThat(validation)
        .hasFinding(FindingCode.CYCLE).at("f.yaml", 5, 7).withMessageContaining("a -> b -> a").once()
        .and().hasFinding(FindingCode.UNKNOWN_NEXT).inFile("f.yaml").withMessageNotContaining("cycle")
        .and().hasNoFinding(FindingCode.YAML_SYNTAX)
        .hasOnlyFindings(FindingCode.UNKNOWN_NEXT, FindingCode.CYCLE)
        .hasFindingCount(2);
    ValidationAssert.assertThat(validationWith()).isValid().hasFindingCount(0);
  }

  @Test
  void isValidFailsListingEveryFinding() {
    // given
    Validation validation = validationWith(CYCLE, UNKNOWN_NEXT);

    // when / then
    assertThatThrownBy(() -> ValidationAssert.assertThat(validation).isValid())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting the jobnets to be valid, but found 2 finding(s):")
        .hasMessageContaining("f.yaml:5:7: JN302 cycle among 'next' edges: a -> b -> a; remove one")
        .hasMessageContaining("f.yaml:9:20: JN301 job 'c' names 'dd'; did you mean 'd'?");
  }

  @Test
  void aWrongLocationFailsNamingWhatWasAskedAndListingEveryFinding() {
    // given
    Validation validation = validationWith(CYCLE, UNKNOWN_NEXT);

    // when / then
    assertThatThrownBy(() -> ValidationAssert.assertThat(validation)
            .hasFinding(FindingCode.CYCLE).at("f.yaml", 6, 7))
        .hasMessageContaining("Expecting a finding JN302 (CYCLE) at f.yaml:6:7, but there is none")
        .hasMessageContaining("f.yaml:5:7: JN302")
        .hasMessageContaining("f.yaml:9:20: JN301");
  }

  @Test
  void aMissingMessagePartFailsNamingEveryCriterion() {
    // given
    Validation validation = validationWith(CYCLE);

    // when / then
    assertThatThrownBy(() -> ValidationAssert.assertThat(validation)
            .hasFinding(FindingCode.CYCLE).at("f.yaml", 5, 7).withMessageContaining("a -> c"))
        .hasMessageContaining("JN302 (CYCLE) at f.yaml:5:7 with a message containing \"a -> c\"");
  }

  @Test
  void countAndOnlyFindingsFailListingEveryFinding() {
    // given
    Validation validation = validationWith(CYCLE, UNKNOWN_NEXT);

    // when / then
    assertThatThrownBy(() -> ValidationAssert.assertThat(validation).hasFindingCount(1))
        .hasMessageContaining("Expecting 1 finding(s), but found 2 finding(s):")
        .hasMessageContaining("f.yaml:9:20: JN301");
    assertThatThrownBy(() -> ValidationAssert.assertThat(validation).hasOnlyFindings(FindingCode.CYCLE))
        .hasMessageContaining("Expecting exactly the findings [JN302 (CYCLE)], but found 2 finding(s):");
    assertThatThrownBy(() -> ValidationAssert.assertThat(validation).hasNoFinding(FindingCode.CYCLE))
        .hasMessageContaining("Expecting no finding JN302 (CYCLE)");
    assertThatThrownBy(() -> ValidationAssert.assertThat(validation).hasFinding(FindingCode.YAML_SYNTAX))
        .hasMessageContaining("Expecting a finding JN001 (YAML_SYNTAX), but there is none; found 2 finding(s):");
  }

  @Test
  void messagesWithPercentSignsArePrintedAsWritten() {
    // given
    Finding percent = new Finding(FindingCode.INVALID_RETRY, new Location("f.yaml", 1, 1), "plus or minus 20 %s %d");

    // when / then
    assertThatThrownBy(() -> ValidationAssert.assertThat(validationWith(percent)).isValid())
        .hasMessageContaining("plus or minus 20 %s %d");
    assertThat(percent.format()).isEqualTo("f.yaml:1:1: JN503 plus or minus 20 %s %d");
  }
}
