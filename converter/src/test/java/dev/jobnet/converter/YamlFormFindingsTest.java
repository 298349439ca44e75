package dev.jobnet.converter;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static dev.jobnet.converter.testing.ValidationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.converter.model.Job;
import dev.jobnet.converter.model.RootJobnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The form of a file: YAML syntax, keys, value types, version; files that cannot be read at all. */
class YamlFormFindingsTest {

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void yamlThatDoesNotParseIsReportedWhereTheParserStopped() {
    // given: a tab used for indentation on line 4
    SourceFile file = new SourceFile("tab.yaml", """
        version: 1
        jobnets:
          nightly:
        \tjobs: { a: a.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.YAML_SYNTAX).at("tab.yaml", 4, 1).withMessageContaining("TAB")
        .and().hasFindingCount(1);
  }

  @Test
  void anUnclosedFlowMappingIsASyntaxError() {
    // given
    SourceFile file = new SourceFile("unclosed.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh
              b: { run: b.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.YAML_SYNTAX).inFile("unclosed.yaml").withMessageContaining("expected ',' or '}'")
        .and().hasOnlyFindings(FindingCode.YAML_SYNTAX);
  }

  @Test
  void aDuplicateKeyNamesBothLines() {
    // given
    SourceFile file = new SourceFile("dup.yaml", """
        version: 1
        jobnets:
          nightly:
            jobs:
              a:
                run: a.sh
                retry: 3
                run: b.sh
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then: reported on the second line (8), naming the first (6)
    assertThat(validation)
        .hasFinding(FindingCode.DUPLICATE_KEY).at("dup.yaml", 8, 9)
        .withMessageContaining("key 'run' is written twice in job 'a'", "first at line 6")
        .and().hasFindingCount(1);
  }

  @Test
  void aDuplicateTopLevelKeyIsReported() {
    // given
    SourceFile file = new SourceFile("dup-top.yaml", """
        version: 1
        jobnets:
          a:
            jobs: { x: x.sh }
        version: 1
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.DUPLICATE_KEY).at("dup-top.yaml", 5, 1)
        .withMessageContaining("'version'", "first at line 1")
        .and().hasFindingCount(1);
  }

  @Test
  void anUnknownKeyInAJobSuggestsTheClosestKnownOne() {
    // given
    SourceFile file = new SourceFile("typo.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, nxt: b }
              b: { run: b.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_KEY).at("typo.yaml", 4, 23)
        .withMessageContaining("unknown key 'nxt' in job 'a'; did you mean 'next'?")
        .and().hasFindingCount(1);
  }

  @Test
  void unknownKeysAreReportedAtEveryLevelWithTheirSuggestion() {
    // given
    SourceFile file = new SourceFile("typos.yaml", """
        version: 1
        defualts:
          server: batch-1
        jobnets:
          nightly:
            shedule: "0 0 2 * * ?"
            jobs:
              a:
                run: a.sh
                retry: { attempts: 3 }
                timout: 1h
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_KEY).at("typos.yaml", 2, 1).withMessageContaining("did you mean 'defaults'?")
        .and().hasFinding(FindingCode.UNKNOWN_KEY).at("typos.yaml", 6, 5).withMessageContaining("did you mean 'schedule'?")
        .and().hasFinding(FindingCode.UNKNOWN_KEY).at("typos.yaml", 10, 18).withMessageContaining("did you mean 'retries'?")
        .and().hasFinding(FindingCode.UNKNOWN_KEY).at("typos.yaml", 11, 9).withMessageContaining("did you mean 'timeout'?")
        .and().hasOnlyFindings(FindingCode.UNKNOWN_KEY, FindingCode.UNKNOWN_KEY, FindingCode.UNKNOWN_KEY,
            FindingCode.UNKNOWN_KEY);
  }

  @Test
  void anUnknownKeyWithNothingCloseListsTheAllowedKeys() {
    // given
    SourceFile file = new SourceFile("odd.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, colour: blue }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_KEY).at("odd.yaml", 4, 23)
        .withMessageContaining("unknown key 'colour'", "(allowed: env, expand, http, jobnet, name, next, retry, run,")
        .withMessageNotContaining("did you mean");
  }

  @Test
  void aScheduleOnAJobIsExplainedAsRootOnly() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh").with("schedule", "\"0 0 2 * * ?\"")))
        .toSource("job-schedule.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.UNKNOWN_KEY).withMessageContaining("only root jobnets have a schedule")
        .and().hasFindingCount(1);
  }

  @Test
  void valuesOfTheWrongKindAreReportedWhereTheyStand() {
    // given
    SourceFile file = new SourceFile("types.yaml", """
        version: 1
        jobnets:
          nightly:
            name: [nightly, import]
            jobs:
              a: { run: [a.sh, b.sh] }
              b: { run: b.sh, next: { c: yes } }
              c: { run: c.sh, server: [x, y] }
              d: { run: d.sh, env: { LANG: [C] } }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.WRONG_TYPE).at("types.yaml", 4, 11)
        .withMessageContaining("'name:' must be a text, found a list")
        .and().hasFinding(FindingCode.WRONG_TYPE).at("types.yaml", 6, 17)
        .withMessageContaining("'run:' of job 'a' must be a command line (a text), found a list")
        .and().hasFinding(FindingCode.WRONG_TYPE).at("types.yaml", 7, 29)
        .withMessageContaining("'next:' takes a job id or a list of job ids, found a mapping")
        .and().hasFinding(FindingCode.WRONG_TYPE).at("types.yaml", 8, 31)
        .withMessageContaining("'server:' must be a text, found a list")
        .and().hasFinding(FindingCode.WRONG_TYPE).at("types.yaml", 9, 36)
        .withMessageContaining("environment variable 'LANG' must be a text, found a list")
        .and().hasFindingCount(5);
  }

  @Test
  void aFileThatIsAListInsteadOfAMappingIsTheWrongType() {
    // given
    SourceFile file = new SourceFile("list.yaml", """
        - nightly
        - monthly
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.WRONG_TYPE).at("list.yaml", 1, 1)
        .withMessageContaining("the file must be a mapping (key: value lines), found a list")
        .and().hasFindingCount(1);
  }

  @Test
  void jobsWrittenAsAListAreTheWrongType() {
    // given
    SourceFile file = new SourceFile("jobs-list.yaml", """
        jobnets:
          nightly:
            jobs:
              - a.sh
              - b.sh
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.WRONG_TYPE).at("jobs-list.yaml", 4, 7).withMessageContaining("jobs must be a mapping")
        .and().hasFindingCount(1);
  }

  @Test
  void aVersionWrittenAsTextIsTheWrongType() {
    // given
    SourceFile file = new SourceFile("version-text.yaml", """
        version: "1"
        jobnets:
          nightly:
            jobs: { a: a.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.WRONG_TYPE).at("version-text.yaml", 1, 10)
        .withMessageContaining("'version:' must be a whole number, found the text \"1\"")
        .and().hasFindingCount(1);
  }

  @Test
  void anotherVersionIsNotSupported() {
    // given
    SourceFile file = aFile().version(2)
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh")))
        .toSource("v2.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.UNSUPPORTED_VERSION).at("v2.yaml", 1, 10)
        .withMessageContaining("version 2 is not supported; this converter reads version 1")
        .and().hasFindingCount(1);
  }

  @Test
  void aFileWithoutJobnetsIsMissingAKey() {
    // given
    SourceFile file = new SourceFile("no-jobnets.yaml", """
        version: 1
        defaults:
          server: batch-1
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.MISSING_KEY).at("no-jobnets.yaml", 1, 1).withMessageContaining("no 'jobnets:' mapping")
        .and().hasFindingCount(1);
  }

  @Test
  void aRootWithoutJobsIsMissingAKey() {
    // given
    SourceFile file = new SourceFile("no-jobs.yaml", """
        jobnets:
          nightly:
            name: Nightly
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.MISSING_KEY).at("no-jobs.yaml", 3, 5)
        .withMessageContaining("root jobnet 'nightly' has no 'jobs:' mapping")
        .and().hasFindingCount(1);
  }

  @Test
  void anEmptyFileIsReportedNotAccepted() {
    // given
    SourceFile empty = new SourceFile("empty.yaml", "");
    SourceFile onlyComments = new SourceFile("comments.yaml", "# nothing here yet\n\n");

    // when
    Validation validation = converter.validate(List.of(empty, onlyComments));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.MISSING_KEY).at("empty.yaml", 1, 1).withMessageContaining("the file is empty")
        .and().hasFinding(FindingCode.MISSING_KEY).at("comments.yaml", 1, 1).withMessageContaining("the file is empty")
        .and().hasFindingCount(2);
  }

  @Test
  void aFileThatIsNotUtf8CannotBeRead(@TempDir Path dir) throws IOException {
    // given: ISO-8859-1 "é" (0xE9) on line 3, after "    name: caf"
    Path latin1 = dir.resolve("latin1.yaml");
    byte[] head = "jobnets:\n  nightly:\n    name: caf".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] tail = "\n    jobs: { a: a.sh }\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] bytes = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xE9;
    System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
    Files.write(latin1, bytes);

    // when
    Validation validation = converter.validateFiles(List.of(latin1));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.FILE_UNREADABLE).at(latin1.toString(), 3, 14)
        .withMessageContaining("not UTF-8 text", "0xE9", "save the file as UTF-8")
        .and().hasFindingCount(1);
  }

  @Test
  void anUnreadableFileDoesNotStopTheOthersFromBeingChecked(@TempDir Path dir) throws IOException {
    // given
    Path missing = dir.resolve("missing.yaml");
    Path directory = Files.createDirectory(dir.resolve("a-directory.yaml"));
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, aFile().withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh").next("b"))).toYaml());

    // when
    Validation validation = converter.validateFiles(List.of(missing, directory, broken));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.FILE_UNREADABLE).at(missing.toString(), 1, 1).withMessageContaining("does not exist")
        .and().hasFinding(FindingCode.FILE_UNREADABLE).at(directory.toString(), 1, 1).withMessageContaining("cannot be read")
        .and().hasFinding(FindingCode.UNKNOWN_NEXT).inFile(broken.toString())
        .and().hasFindingCount(3);
  }

  @Test
  void aUtf8FileIsReadFromDiskAndValid(@TempDir Path dir) throws IOException {
    // given
    Path file = dir.resolve("nightly.yaml");
    Files.writeString(file, aFile().withRoot(aRoot("nightly").name("夜間取込").withJob(aJob("a").run("a.sh"))).toYaml());

    // when
    Validation validation = converter.validateFiles(List.of(file));

    // then
    assertThat(validation).isValid();
    assertThat(validation.set().byId().get("nightly").name()).isEqualTo("夜間取込");
  }

  @Test
  void japaneseNamesAreKeptAsWritten() {
    // given
    SourceFile file = new SourceFile("names.yaml", """
        jobnets:
          nightly-import:
            name: 夜間取込
            jobs:
              extract: { run: /opt/batch/extract.sh, name: "抽出（全件）" }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
    RootJobnet root = validation.set().byId().get("nightly-import");
    assertThat(root.displayName()).isEqualTo("夜間取込");
    assertThat(root.body().jobs().get(0).displayName()).isEqualTo("抽出（全件）");
  }

  @Test
  void mergeKeysShareSettingsBetweenJobs() {
    // given: b and c take a's retry and server; c overrides the server
    SourceFile file = new SourceFile("merge.yaml", """
        jobnets:
          nightly:
            jobs:
              a: &common { run: a.sh, retry: 2, server: batch-2 }
              b: { <<: *common, run: b.sh }
              c:
                <<: *common
                run: c.sh
                server: batch-3
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
    List<Job> jobs = validation.set().byId().get("nightly").body().jobs();
    assertThat(jobs).extracting(Job::id).containsExactly("a", "b", "c");
    assertThat(jobs).extracting(j -> ((Job.Run) j.action()).command()).containsExactly("a.sh", "b.sh", "c.sh");
    assertThat(jobs).extracting(j -> j.settings().server()).containsExactly("batch-2", "batch-2", "batch-3");
    assertThat(jobs).extracting(j -> j.settings().retry().retries()).containsExactly(2, 2, 2);
  }

  @Test
  void aMergeKeyTakesOnlyMappings() {
    // given
    SourceFile file = new SourceFile("merge-scalar.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { <<: a.sh, run: a.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.WRONG_TYPE).at("merge-scalar.yaml", 4, 16)
        .withMessageContaining("a merge key '<<' takes a mapping or a list of mappings")
        .and().hasFindingCount(1);
  }
}
