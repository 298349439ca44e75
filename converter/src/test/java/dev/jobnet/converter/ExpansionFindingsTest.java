package dev.jobnet.converter;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aJobnet;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static dev.jobnet.converter.testing.ValidationAssert.assertThat;

import dev.jobnet.converter.check.KnownJobnets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code expand}: the root it names must exist, and roots must not expand themselves. */
class ExpansionFindingsTest {

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void expandingAMissingRootSuggestsTheClosestOne() {
    // given
    SourceFile file = new SourceFile("unknown-expand.yaml", """
        jobnets:
          nightly:
            jobs:
              report: { expand: montly-report }
          monthly-report:
            jobs: { r: r.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then: at the root id written after expand
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_EXPANSION).at("unknown-expand.yaml", 4, 25)
        .withMessageContaining("job 'report' expands 'montly-report', which is no root jobnet of this set or of the engine",
            "did you mean 'monthly-report'?")
        .and().hasFindingCount(1);
  }

  @Test
  void expandingAMissingRootWithNothingCloseGivesNoSuggestion() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").expand("quarterly")))
        .toSource("unknown-expand-far.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_EXPANSION).withMessageContaining("'quarterly'").withMessageNotContaining("did you mean")
        .and().hasFindingCount(1);
  }

  @Test
  void aRootKnownOnlyFromTheEngineCanBeExpanded() {
    // given: 'monthly-report' is already deployed, not in these files
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("report").expand("monthly-report")))
        .toSource("expand-deployed.yaml");
    KnownJobnets deployed = new KnownJobnets(Map.of("monthly-report", Set.of()));

    // when
    Validation withEngine = converter.validate(List.of(file), deployed);
    Validation alone = converter.validate(List.of(file));

    // then
    assertThat(withEngine).isValid();
    assertThat(alone).hasOnlyFindings(FindingCode.UNKNOWN_EXPANSION);
  }

  @Test
  void aRootThatExpandsItselfDirectly() {
    // given
    SourceFile file = new SourceFile("self-expand.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, next: again }
              again: { expand: nightly }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EXPANSION_RECURSION).at("self-expand.yaml", 5, 24)
        .withMessageContaining("root jobnet 'nightly' expands itself (nightly -> nightly); it would never end")
        .and().hasFindingCount(1);
  }

  @Test
  void aRootThatExpandsItselfFromANestedJobnet() {
    // given
    SourceFile file = new SourceFile("self-expand-nested.yaml", """
        jobnets:
          nightly:
            jobs:
              archive:
                jobnet:
                  jobs:
                    inner:
                      jobnet:
                        jobs:
                          again: { expand: nightly }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EXPANSION_RECURSION).at("self-expand-nested.yaml", 10, 36)
        .withMessageContaining("nightly -> nightly")
        .and().hasFindingCount(1);
  }

  @Test
  void aRootThatExpandsItselfFromItsFinally() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh")).withFinally(aJob("again").expand("nightly")))
        .toSource("self-expand-finally.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EXPANSION_RECURSION).withMessageContaining("nightly -> nightly")
        .and().hasFindingCount(1);
  }

  @Test
  void twoRootsThatExpandEachOtherAreBothReported() {
    // given
    SourceFile file = new SourceFile("mutual.yaml", """
        jobnets:
          a:
            jobs:
              to-b: { expand: b }
          b:
            jobs:
              archive:
                jobnet:
                  jobs:
                    to-a: { expand: a }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then: one finding in each root, at its expansion that leads back
    assertThat(validation)
        .hasFinding(FindingCode.EXPANSION_RECURSION).at("mutual.yaml", 4, 23)
        .withMessageContaining("root jobnets expand each other: a -> b -> a")
        .and().hasFinding(FindingCode.EXPANSION_RECURSION).at("mutual.yaml", 10, 29)
        .withMessageContaining("b -> a -> b")
        .and().hasFindingCount(2);
  }

  @Test
  void aLongerChainOfExpansionsPrintsItsPath() {
    // given: a -> b -> c -> a, with d expanding a from outside the cycle
    SourceFile file = aFile()
        .withRoot(aRoot("a").withJob(aJob("x").expand("b")))
        .withRoot(aRoot("b").withJob(aJob("x").expand("c")))
        .withRoot(aRoot("c").withJob(aJob("x").expand("a")))
        .withRoot(aRoot("d").withJob(aJob("x").expand("a")))
        .toSource("chain.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then: d leads into the recursion but is not part of it
    assertThat(validation)
        .hasFinding(FindingCode.EXPANSION_RECURSION).withMessageContaining("a -> b -> c -> a")
        .and().hasFinding(FindingCode.EXPANSION_RECURSION).withMessageContaining("b -> c -> a -> b")
        .and().hasFinding(FindingCode.EXPANSION_RECURSION).withMessageContaining("c -> a -> b -> c")
        .and().hasOnlyFindings(FindingCode.EXPANSION_RECURSION, FindingCode.EXPANSION_RECURSION,
            FindingCode.EXPANSION_RECURSION);
  }

  @Test
  void recursionThroughARootDeployedOnTheEngineIsFound() {
    // given: nightly expands the deployed 'weekly', which expands nightly
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("w").expand("weekly")))
        .toSource("through-engine.yaml");
    KnownJobnets deployed = new KnownJobnets(Map.of("weekly", Set.of("nightly")));

    // when
    Validation validation = converter.validate(List.of(file), deployed);

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EXPANSION_RECURSION).withMessageContaining("nightly -> weekly -> nightly")
        .and().hasFindingCount(1);
  }

  @Test
  void aDiamondOfExpansionsIsValid() {
    // given: a expands b and c, both expand d
    SourceFile file = aFile()
        .withRoot(aRoot("a").withJob(aJob("to-b").expand("b").next("to-c"), aJob("to-c").expand("c")))
        .withRoot(aRoot("b").withJob(aJob("to-d").expand("d")))
        .withRoot(aRoot("c").withJob(aJob("inner").jobnet(aJobnet().withJob(aJob("to-d").expand("d")))))
        .withRoot(aRoot("d").withJob(aJob("work").run("work.sh")))
        .toSource("diamond.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }

  @Test
  void expandingTheSameRootTwiceIsValid() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("first").expand("report"), aJob("second").expand("report")))
        .withRoot(aRoot("report").withJob(aJob("r").run("r.sh")))
        .toSource("twice.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }
}
