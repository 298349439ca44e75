package dev.jobnet.converter;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aJobnet;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static dev.jobnet.converter.testing.ValidationAssert.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a job does (exactly one of run, jobnet, expand) and jobnets that hold no jobs. */
class JobActionFindingsTest {

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void aJobWithNoneOfRunJobnetExpandIsReportedAtItsId() {
    // given
    SourceFile file = new SourceFile("no-action.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, next: b }
              b: { next: c }
              c: { run: c.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.JOB_WITHOUT_ACTION).at("no-action.yaml", 5, 7)
        .withMessageContaining("job 'b' has none of 'run:', 'http:', 'jobnet:' or 'expand:'; give it exactly one")
        .and().hasFindingCount(1);
  }

  @Test
  void anEmptyJobHasNoAction() {
    // given
    SourceFile file = new SourceFile("empty-jobs.yaml", """
        jobnets:
          nightly:
            jobs:
              a:
              b: {}
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.JOB_WITHOUT_ACTION).at("empty-jobs.yaml", 4, 7).withMessageContaining("job 'a' is empty")
        .and().hasFinding(FindingCode.JOB_WITHOUT_ACTION).at("empty-jobs.yaml", 5, 7)
        .withMessageContaining("job 'b' has none of")
        .and().hasFindingCount(2);
  }

  @Test
  void aJobWithTwoActionsIsReportedAtTheSecond() {
    // given
    SourceFile file = new SourceFile("two-actions.yaml", """
        jobnets:
          nightly:
            jobs:
              a:
                run: a.sh
                expand: monthly
          monthly:
            jobs: { r: r.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.JOB_WITH_SEVERAL_ACTIONS).at("two-actions.yaml", 6, 9)
        .withMessageContaining("job 'a' has 'run:' and 'expand:'; a job does exactly one thing")
        .and().hasFindingCount(1);
  }

  @Test
  void aJobWithAllThreeActionsNamesThemAll() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh").expand("monthly")
            .jobnet(aJobnet().withJob(aJob("x").run("x.sh")))))
        .withRoot(aRoot("monthly").withJob(aJob("r").run("r.sh")))
        .toSource("three-actions.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.JOB_WITH_SEVERAL_ACTIONS).withMessageContaining("'run:' and 'jobnet:' and 'expand:'")
        .and().hasFindingCount(1);
  }

  @Test
  void anEmptyCommandIsReported() {
    // given: the long form and the shorthand `id: command`
    SourceFile file = new SourceFile("empty-command.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: "   " }
              b: ""
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EMPTY_COMMAND).at("empty-command.yaml", 4, 17)
        .withMessageContaining("job 'a' has an empty command")
        .and().hasFinding(FindingCode.EMPTY_COMMAND).at("empty-command.yaml", 5, 10)
        .withMessageContaining("job 'b' has an empty command")
        .and().hasFindingCount(2);
  }

  @Test
  void aRootWithoutJobsIsAnEmptyJobnet() {
    // given: an empty mapping, and `jobs:` with nothing after it
    SourceFile file = new SourceFile("empty-root.yaml", """
        jobnets:
          braces:
            jobs: {}
          nothing:
            jobs:
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EMPTY_JOBNET).at("empty-root.yaml", 3, 5)
        .withMessageContaining("root jobnet 'braces' has no jobs")
        .and().hasFinding(FindingCode.EMPTY_JOBNET).at("empty-root.yaml", 5, 5)
        .withMessageContaining("root jobnet 'nothing' has no jobs")
        .and().hasFindingCount(2);
  }

  @Test
  void aRootWrittenAsNothingIsAnEmptyJobnet() {
    // given
    SourceFile file = new SourceFile("bare-root.yaml", """
        jobnets:
          nightly:
          monthly:
            jobs: { r: r.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EMPTY_JOBNET).at("bare-root.yaml", 2, 3)
        .withMessageContaining("root jobnet 'nightly' is empty")
        .and().hasFindingCount(1);
  }

  @Test
  void anEmptyRootCanStillBeExpandedWithoutAFollowOnFinding() {
    // given: the empty root exists; expanding it must not also say "no such root"
    SourceFile file = new SourceFile("expand-empty.yaml", """
        jobnets:
          nightly:
            jobs:
              m: { expand: monthly }
          monthly:
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).hasOnlyFindings(FindingCode.EMPTY_JOBNET);
  }

  @Test
  void aFileWhoseJobnetsAreEmptyIsReported() {
    // given
    SourceFile braces = new SourceFile("braces.yaml", "jobnets: {}\n");
    SourceFile nothing = new SourceFile("nothing.yaml", "version: 1\njobnets:\n");

    // when
    Validation validation = converter.validate(List.of(braces, nothing));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EMPTY_JOBNET).at("braces.yaml", 1, 1).withMessageContaining("'jobnets:' holds no root jobnet")
        .and().hasFinding(FindingCode.EMPTY_JOBNET).at("nothing.yaml", 2, 1)
        .withMessageContaining("'jobnets:' holds no root jobnet")
        .and().hasFindingCount(2);
  }

  @Test
  void emptyNestedJobnetsAndFinallyAreReported() {
    // given
    SourceFile file = new SourceFile("empty-nested.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { jobnet: { jobs: {} } }
              b: { jobnet: }
            finally:
              jobs: {}
          monthly:
            jobs: { r: r.sh }
            finally:
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.EMPTY_JOBNET).at("empty-nested.yaml", 4, 22).withMessageContaining("jobnet 'a' has no jobs")
        .and().hasFinding(FindingCode.EMPTY_JOBNET).at("empty-nested.yaml", 5, 12).withMessageContaining("jobnet 'b' has no jobs")
        .and().hasFinding(FindingCode.EMPTY_JOBNET).at("empty-nested.yaml", 7, 7)
        .withMessageContaining("the finally of root jobnet 'nightly' has no jobs")
        .and().hasFinding(FindingCode.EMPTY_JOBNET).at("empty-nested.yaml", 10, 5)
        .withMessageContaining("the finally of root jobnet 'monthly' has no jobs")
        .and().hasFindingCount(4);
  }

  @Test
  void runJobnetAndExpandEachMakeAValidJob() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly")
            .withJob(aJob("a").run("/opt/batch/a.sh --all"))
            .withJob(aJob("b").jobnet(aJobnet().withJob(aJob("x").run("x.sh"), aJob("y").run("y.sh"))))
            .withJob(aJob("c").expand("monthly"))
            .withFinally(aJob("cleanup").run("cleanup.sh")))
        .withRoot(aRoot("monthly").withJob(aJob("r").run("r.sh")))
        .toSource("actions.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }
}
