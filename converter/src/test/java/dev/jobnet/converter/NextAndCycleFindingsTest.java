package dev.jobnet.converter;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aJobnet;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static dev.jobnet.converter.testing.ValidationAssert.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code next} edges inside one jobnet: what they may name, cycles, and jobs that can never run. */
class NextAndCycleFindingsTest {

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void aJobnetWithoutNextRunsInWrittenOrderAndIsValid() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly")
            .withJob(aJob("extract").run("extract.sh"))
            .withJob(aJob("transform").run("transform.sh"))
            .withJob(aJob("load").run("load.sh")))
        .toSource("sequential.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }

  @Test
  void aForkAndJoinIsValid() {
    // given: the design's example, extract -> (a, b) -> load
    SourceFile file = aFile()
        .withRoot(aRoot("nightly")
            .withJob(aJob("extract").run("extract.sh").next("transform-a", "transform-b"))
            .withJob(aJob("transform-a").run("ta.sh").next("load"))
            .withJob(aJob("transform-b").run("tb.sh").next("load"))
            .withJob(aJob("load").run("load.sh")))
        .toSource("dag.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }

  @Test
  void nextToAnUnknownJobSuggestsTheClosestId() {
    // given
    SourceFile file = new SourceFile("unknown-next.yaml", """
        jobnets:
          nightly:
            jobs:
              extract: { run: extract.sh, next: [transform, laod] }
              transform: { run: transform.sh }
              load: { run: load.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then: at the misspelt id inside the list
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_NEXT).at("unknown-next.yaml", 4, 53)
        .withMessageContaining("job 'extract' names 'laod' in 'next:', but this jobnet has no such job",
            "did you mean 'load'?")
        .and().hasFindingCount(1);
  }

  @Test
  void aOneLetterIdIsNotSuggestedForAnotherOneLetterId() {
    // given: 'c' is as far from 'a' and 'b' as a name can be
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh").next("c"), aJob("b").run("b.sh")))
        .toSource("one-letter.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_NEXT).withMessageContaining("names 'c'").withMessageNotContaining("did you mean")
        .and().hasFindingCount(1);
  }

  @Test
  void nextCannotLeaveItsJobnet() {
    // given: 'pack' lives in the nested jobnet, not beside 'extract'
    SourceFile file = aFile()
        .withRoot(aRoot("nightly")
            .withJob(aJob("extract").run("extract.sh").next("pack"))
            .withJob(aJob("archive").jobnet(aJobnet().withJob(aJob("pack").run("pack.sh")))))
        .toSource("next-outside.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_NEXT)
        .withMessageContaining("names 'pack' in 'next:'", "'next' links jobs of the same jobnet only")
        .withMessageNotContaining("did you mean")
        .and().hasFindingCount(1);
  }

  @Test
  void aJobThatNamesItselfIsACycle() {
    // given
    SourceFile file = new SourceFile("self-next.yaml", """
        jobnets:
          nightly:
            jobs:
              start: { run: start.sh, next: poll }
              poll: { run: poll.sh, next: poll }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.CYCLE).at("self-next.yaml", 5, 7)
        .withMessageContaining("cycle among 'next' edges: poll -> poll; remove one of these 'next' entries")
        .and().hasFindingCount(1);
  }

  @Test
  void aCyclePrintsItsPathFromTheFirstWrittenJob() {
    // given
    SourceFile file = new SourceFile("cycle.yaml", """
        jobnets:
          nightly:
            jobs:
              start: { run: start.sh, next: a }
              a: { run: a.sh, next: b }
              b: { run: b.sh, next: c }
              c: { run: c.sh, next: a }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.CYCLE).at("cycle.yaml", 5, 7).withMessageContaining("a -> b -> c -> a")
        .and().hasFindingCount(1);
  }

  @Test
  void aCycleThroughAnExpansionNodeIsFound() {
    // given: 'monthly' is an expansion, still a node of nightly's graph
    SourceFile file = aFile()
        .withRoot(aRoot("nightly")
            .withJob(aJob("start").run("start.sh").next("a"))
            .withJob(aJob("a").run("a.sh").next("monthly"))
            .withJob(aJob("monthly").expand("report").next("a")))
        .withRoot(aRoot("report").withJob(aJob("r").run("r.sh")))
        .toSource("cycle-expand.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.CYCLE).withMessageContaining("a -> monthly -> a")
        .and().hasOnlyFindings(FindingCode.CYCLE);
  }

  @Test
  void aCycleInsideANestedJobnetIsFound() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("archive").jobnet(aJobnet()
            .withJob(aJob("pack").run("pack.sh").next("upload"))
            .withJob(aJob("upload").run("upload.sh").next("pack")))))
        .toSource("nested-cycle.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then: with no start left, the nested cycle is the only finding
    assertThat(validation)
        .hasFinding(FindingCode.CYCLE).withMessageContaining("pack -> upload -> pack")
        .and().hasOnlyFindings(FindingCode.CYCLE);
  }

  @Test
  void twoSeparateCyclesAreBothReported() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly")
            .withJob(aJob("s").run("s.sh").next("a", "c"))
            .withJob(aJob("a").run("a.sh").next("b"))
            .withJob(aJob("b").run("b.sh").next("a"))
            .withJob(aJob("c").run("c.sh").next("d"))
            .withJob(aJob("d").run("d.sh").next("c")))
        .toSource("two-cycles.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.CYCLE).withMessageContaining("a -> b -> a")
        .and().hasFinding(FindingCode.CYCLE).withMessageContaining("c -> d -> c")
        .and().hasOnlyFindings(FindingCode.CYCLE, FindingCode.CYCLE);
  }

  @Test
  void aJobOnlyReachableThroughACycleCanNeverRun() {
    // given: every job has an incoming edge, so nothing starts; 'report' hangs off the cycle
    SourceFile file = new SourceFile("unreachable.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, next: b }
              b: { run: b.sh, next: [a, report] }
              report: { run: report.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.CYCLE).at("unreachable.yaml", 4, 7).withMessageContaining("a -> b -> a")
        .and().hasFinding(FindingCode.UNREACHABLE_JOB).at("unreachable.yaml", 6, 7)
        .withMessageContaining("job 'report' can never run")
        .and().hasFindingCount(2);
  }

  @Test
  void aJobWithNoIncomingEdgeIsAStartAndRuns() {
    // given: 'audit' has no incoming edge and no next: it starts on its own beside 'a'
    SourceFile file = aFile()
        .withRoot(aRoot("nightly")
            .withJob(aJob("a").run("a.sh").next("b"))
            .withJob(aJob("b").run("b.sh"))
            .withJob(aJob("audit").run("audit.sh")))
        .toSource("two-starts.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }

  @Test
  void aJobNamedTwiceInOneNextIsReportedAtTheSecond() {
    // given
    SourceFile file = new SourceFile("dup-next.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, next: [b, c, b] }
              b: { run: b.sh }
              c: { run: c.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.DUPLICATE_NEXT).at("dup-next.yaml", 4, 36)
        .withMessageContaining("job 'a' names 'b' twice in 'next:'; remove one")
        .and().hasFindingCount(1);
  }

  @Test
  void nextListingSomethingOtherThanIdsIsTheWrongType() {
    // given
    SourceFile file = new SourceFile("next-items.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, next: [b, [c]] }
              b: { run: b.sh }
              c: { run: c.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.WRONG_TYPE).at("next-items.yaml", 4, 33).withMessageContaining("'next:' lists job ids, found a list")
        .and().hasFindingCount(1);
  }
}
