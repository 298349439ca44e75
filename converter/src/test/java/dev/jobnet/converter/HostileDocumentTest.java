package dev.jobnet.converter;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static dev.jobnet.converter.testing.ValidationAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jobnet.converter.testing.JobnetYaml;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Documents built to exhaust the parser: refused with HOSTILE_DOCUMENT by limits, not by running out
 * of memory, stack or time. The timeout around each validation is only a safety net so that a
 * regression fails the build instead of hanging it; these tests assert no timings.
 */
class HostileDocumentTest {

  private static final Duration SAFETY_NET = Duration.ofSeconds(10);

  private final JobnetConverter converter = new JobnetConverter();

  private Validation validate(SourceFile... files) {
    return assertTimeoutPreemptively(SAFETY_NET, () -> converter.validate(List.of(files)));
  }

  @Test
  void aBillionLaughsAliasBombIsRefused() {
    // given: nine levels of nine aliases each, 9^9 strings once expanded
    StringBuilder yaml = new StringBuilder("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i <= 9; i++) {
      String prev = "*lol" + (i - 1);
      yaml.append("lol").append(i).append(": &lol").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
    }
    yaml.append("jobnets:\n  nightly:\n    jobs: { a: a.sh }\n");

    // when
    Validation validation = validate(new SourceFile("laughs.yaml", yaml.toString()));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.HOSTILE_DOCUMENT).at("laughs.yaml", 1, 1)
        .withMessageContaining("Number of aliases for non-scalar nodes exceeds the specified max=50",
            "jobnet files need no more than 50 aliases")
        .and().hasFindingCount(1);
  }

  @Test
  void aWideAliasBombUnderTheAliasLimitIsRefusedByTheNodeBudget() {
    // given: 24 levels of jobnets, each holding the previous one twice: 48 aliases, 2^24 jobs
    StringBuilder yaml = new StringBuilder("""
        version: 1
        jobnets:
          r0: &r0
            jobs:
              a: { run: a.sh }
        """);
    for (int i = 1; i <= 24; i++) {
      yaml.append("  r").append(i).append(": &r").append(i).append("\n")
          .append("    jobs:\n")
          .append("      a: { jobnet: *r").append(i - 1).append(" }\n")
          .append("      b: { jobnet: *r").append(i - 1).append(" }\n");
    }

    // when
    Validation validation = validate(new SourceFile("wide.yaml", yaml.toString()));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.HOSTILE_DOCUMENT).inFile("wide.yaml")
        .withMessageContaining("aliases expand this document beyond", "an alias bomb?", "use 'expand' to reuse a jobnet")
        .and().hasFindingCount(1);
  }

  @Test
  void aWideAliasBombThroughMergeKeysIsRefused() {
    // given: each job merges the previous one twice: 48 aliases, 2^24 merged mappings
    StringBuilder yaml = new StringBuilder("""
        jobnets:
          nightly:
            jobs:
              j0: &j0 { run: a.sh }
        """);
    for (int i = 1; i <= 24; i++) {
      yaml.append("      j").append(i).append(": &j").append(i)
          .append(" { <<: [*j").append(i - 1).append(", *j").append(i - 1).append("] }\n");
    }

    // when
    Validation validation = validate(new SourceFile("wide-merge.yaml", yaml.toString()));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.HOSTILE_DOCUMENT).inFile("wide-merge.yaml")
        .withMessageContaining("aliases expand this document beyond")
        .and().hasFindingCount(1);
  }

  @Test
  void thousandsOfNestedListsAreRefused() {
    // given
    String yaml = "jobnets: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";

    // when
    Validation validation = validate(new SourceFile("deep.yaml", yaml));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.HOSTILE_DOCUMENT).at("deep.yaml", 1, 1)
        .withMessageContaining("Nesting Depth exceeded max 100", "100 levels of nesting")
        .and().hasFindingCount(1);
  }

  @Test
  void thousandsOfNestedMappingsAreRefused() {
    // given
    String yaml = "jobnets: " + "{a: ".repeat(5_000) + "x" + "}".repeat(5_000) + "\n";

    // when
    Validation validation = validate(new SourceFile("deep-map.yaml", yaml));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.HOSTILE_DOCUMENT).at("deep-map.yaml", 1, 1).withMessageContaining("Nesting Depth exceeded")
        .and().hasFindingCount(1);
  }

  @Test
  void aRecursiveAliasThroughJobnetBodiesIsRefused() {
    // given: the root's body contains itself as a nested jobnet
    SourceFile file = new SourceFile("recursive.yaml", """
        version: 1
        jobnets:
          nightly: &self
            jobs:
              again: { jobnet: *self }
        """);

    // when
    Validation validation = validate(file);

    // then
    assertThat(validation)
        .hasFinding(FindingCode.HOSTILE_DOCUMENT).at("recursive.yaml", 3, 12)
        .withMessageContaining("jobnets nested more than 40 levels deep (a recursive alias?)")
        .and().hasFindingCount(1);
  }

  @Test
  void aRecursiveAliasThroughFinallyIsRefused() {
    // given
    SourceFile file = new SourceFile("recursive-finally.yaml", """
        jobnets:
          nightly: &self
            jobs:
              a: { run: a.sh }
            finally: *self
        """);

    // when
    Validation validation = validate(file);

    // then
    assertThat(validation).hasOnlyFindings(FindingCode.HOSTILE_DOCUMENT);
  }

  @Test
  void aMergeKeyThatMergesItsOwnMappingIsRefused() {
    // given: `<<: *a` inside the mapping anchored as a
    SourceFile file = new SourceFile("recursive-merge.yaml", """
        jobnets:
          nightly:
            jobs:
              a: &a { <<: *a, run: a.sh }
        """);

    // when
    Validation validation = validate(file);

    // then
    assertThat(validation)
        .hasFinding(FindingCode.HOSTILE_DOCUMENT).at("recursive-merge.yaml", 4, 15)
        .withMessageContaining("a merge key '<<' merges a mapping into itself (a recursive alias)")
        .and().hasFindingCount(1);
  }

  @Test
  void aHostileFileDoesNotHideTheFindingsOfTheOthers() {
    // given
    SourceFile bomb = new SourceFile("deep.yaml", "jobnets: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n");
    SourceFile other = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh").next("bb"), aJob("b").run("b.sh")))
        .toSource("other.yaml");

    // when
    Validation validation = validate(bomb, other);

    // then
    assertThat(validation)
        .hasFinding(FindingCode.HOSTILE_DOCUMENT).inFile("deep.yaml")
        .and().hasFinding(FindingCode.UNKNOWN_NEXT).inFile("other.yaml").withMessageContaining("did you mean 'b'?")
        .and().hasFindingCount(2);
  }

  @Test
  void aLargeOrdinaryFileIsNotMistakenForABomb() {
    // given: 5,000 jobs in a chain and a few honest aliases
    JobnetYaml.RootBuilder root = aRoot("big");
    for (int i = 0; i < 5_000; i++) {
      JobnetYaml.JobBuilder job = aJob("j" + i).run("step.sh " + i);
      root.withJob(i + 1 < 5_000 ? job.next("j" + (i + 1)) : job);
    }
    SourceFile big = aFile().withRoot(root).toSource("big.yaml");
    SourceFile aliases = new SourceFile("aliases.yaml", """
        jobnets:
          nightly:
            jobs:
              a: &common { run: a.sh, retry: { retries: 3, backoff: 1m } }
              b: { <<: *common, run: b.sh }
              c: { <<: *common, run: c.sh }
        """);

    // when
    Validation validation = validate(big, aliases);

    // then
    assertThat(validation).isValid();
  }
}
