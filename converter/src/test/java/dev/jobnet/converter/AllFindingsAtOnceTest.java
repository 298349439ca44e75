package dev.jobnet.converter;

import static dev.jobnet.converter.testing.ValidationAssert.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One validation reports every mistake: none stops the reading, and no jobnet hides another's. */
class AllFindingsAtOnceTest {

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void oneFileWithManyMistakesInSeveralRootsYieldsAllOfThem() {
    // given
    SourceFile file = new SourceFile("many.yaml", """
        version: 1
        defaults:
          timeout: soon
        jobnets:
          nightly:
            schedule: "0 0 2 * *"
            jobs:
              extract: { run: extract.sh, next: transfrom }
              transform: { run: transform.sh, nxt: load }
              load: { run: load.sh, retry: -1 }
          weekly:
            jobs:
              a: { run: a.sh, next: b }
              b: { run: b.sh, next: a }
              c: { run: c.sh, expand: nightly }
              c: { run: c2.sh }
          monthly:
            jobs:
              report: { expand: montly }
              mail: { server: "mail server" }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_DURATION).at("many.yaml", 3, 12)
        .and().hasFinding(FindingCode.INVALID_CRON).at("many.yaml", 6, 15)
        .and().hasFinding(FindingCode.UNKNOWN_NEXT).at("many.yaml", 8, 41).withMessageContaining("did you mean 'transform'?")
        .and().hasFinding(FindingCode.UNKNOWN_KEY).at("many.yaml", 9, 39).withMessageContaining("did you mean 'next'?")
        .and().hasFinding(FindingCode.INVALID_RETRY).at("many.yaml", 10, 36)
        .and().hasFinding(FindingCode.CYCLE).at("many.yaml", 13, 7).withMessageContaining("a -> b -> a")
        .and().hasFinding(FindingCode.JOB_WITH_SEVERAL_ACTIONS).at("many.yaml", 15, 23)
        .and().hasFinding(FindingCode.DUPLICATE_JOB_ID).at("many.yaml", 16, 7)
        .and().hasFinding(FindingCode.UNKNOWN_EXPANSION).at("many.yaml", 19, 25).withMessageContaining("did you mean 'monthly'?")
        .and().hasFinding(FindingCode.JOB_WITHOUT_ACTION).at("many.yaml", 20, 7)
        .and().hasFinding(FindingCode.INVALID_SERVER).at("many.yaml", 20, 23)
        .and().hasFindingCount(11);
  }

  @Test
  void aBrokenJobnetDoesNotHideTheFindingsOfAnother() {
    // given: 'broken' is not even a mapping; 'fine-looking' still has its own mistake found
    SourceFile file = new SourceFile("two-roots.yaml", """
        jobnets:
          broken: [a.sh, b.sh]
          fine-looking:
            jobs:
              a: { run: a.sh, next: c }
              b: { run: b.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.WRONG_TYPE).at("two-roots.yaml", 2, 11).withMessageContaining("root jobnet 'broken' must be a mapping")
        .and().hasFinding(FindingCode.UNKNOWN_NEXT).at("two-roots.yaml", 5, 29)
        .and().hasFindingCount(2);
  }

  @Test
  void aMistakeOfFormAndAMistakeOfGraphInTheSameJobnetAreBothReported() {
    // given: the wrong timeout does not stop the cycle check of the same jobnet
    SourceFile file = new SourceFile("same-jobnet.yaml", """
        jobnets:
          nightly:
            timeout: forever
            jobs:
              a: { run: a.sh, next: b }
              b: { run: b.sh, next: a }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).hasOnlyFindings(FindingCode.INVALID_DURATION, FindingCode.CYCLE);
  }
}
