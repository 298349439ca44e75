package dev.jobnet.converter;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static dev.jobnet.converter.testing.ValidationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Several files validated as one deployment: ids unique across them, references between them. */
class MultiFileFindingsTest {

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void aRootDefinedInTwoFilesIsReportedInBothNamingTheOther() {
    // given
    SourceFile nightly = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh")))
        .withRoot(aRoot("report").withJob(aJob("r").run("r.sh")))
        .toSource("nightly.yaml");
    SourceFile reports = aFile()
        .withRoot(aRoot("report").withJob(aJob("r").run("r2.sh")))
        .toSource("reports.yaml");

    // when
    Validation validation = converter.validate(List.of(nightly, reports));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.DUPLICATE_ROOT_ID).at("nightly.yaml", 7, 3)
        .withMessageContaining("root jobnet 'report' is also defined in reports.yaml:3:3",
            "root ids must be unique across all files")
        .and().hasFinding(FindingCode.DUPLICATE_ROOT_ID).at("reports.yaml", 3, 3)
        .withMessageContaining("root jobnet 'report' is also defined in nightly.yaml:7:3")
        .and().hasFindingCount(2);
  }

  @Test
  void aRootMayExpandARootOfAnotherFile() {
    // given
    SourceFile nightly = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh").next("report"), aJob("report").expand("monthly-report")))
        .toSource("nightly.yaml");
    SourceFile reports = aFile()
        .withRoot(aRoot("monthly-report").withJob(aJob("r").run("r.sh")))
        .toSource("reports.yaml");

    // when
    Validation validation = converter.validate(List.of(nightly, reports));

    // then
    assertThat(validation).isValid();
    assertThat(validation.set().roots()).extracting(r -> r.id()).containsExactly("nightly", "monthly-report");
  }

  @Test
  void expansionRecursionAcrossFilesIsFound() {
    // given
    SourceFile a = aFile().withRoot(aRoot("a").withJob(aJob("to-b").expand("b"))).toSource("a.yaml");
    SourceFile b = aFile().withRoot(aRoot("b").withJob(aJob("to-a").expand("a"))).toSource("b.yaml");

    // when
    Validation validation = converter.validate(List.of(a, b));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EXPANSION_RECURSION).inFile("a.yaml").withMessageContaining("a -> b -> a")
        .and().hasFinding(FindingCode.EXPANSION_RECURSION).inFile("b.yaml").withMessageContaining("b -> a -> b")
        .and().hasFindingCount(2);
  }

  @Test
  void aFileThatDoesNotParseDoesNotHideTheFindingsOfTheOthers() {
    // given
    SourceFile broken = new SourceFile("broken.yaml", "jobnets: { nightly: [ }\n");
    SourceFile typo = aFile()
        .withRoot(aRoot("weekly").withJob(aJob("a").run("a.sh").next("b"), aJob("b").run("b.sh").next("a")))
        .toSource("weekly.yaml");

    // when
    Validation validation = converter.validate(List.of(broken, typo));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.YAML_SYNTAX).inFile("broken.yaml")
        .and().hasFinding(FindingCode.CYCLE).inFile("weekly.yaml").withMessageContaining("a -> b -> a")
        .and().hasFindingCount(2);
  }

  @Test
  void findingsAreSortedByFileLineAndColumn() {
    // given
    SourceFile b = aFile().withRoot(aRoot("b").withJob(aJob("x").expand("nope"))).toSource("b.yaml");
    SourceFile a = new SourceFile("a.yaml", """
        jobnets:
          a:
            jobs:
              x: { run: x.sh, next: [zeta, omega] }
        """);

    // when
    Validation validation = converter.validate(List.of(b, a));

    // then
    assertThat(validation.findings()).extracting(Finding::format).containsExactly(
        "a.yaml:4:30: JN301 job 'x' names 'zeta' in 'next:', but this jobnet has no such job; 'next' links jobs of"
            + " the same jobnet only",
        "a.yaml:4:36: JN301 job 'x' names 'omega' in 'next:', but this jobnet has no such job; 'next' links jobs of"
            + " the same jobnet only",
        "b.yaml:6:17: JN401 job 'x' expands 'nope', which is no root jobnet of this set or of the engine");
  }
}
