package dev.jobnet.converter;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aJobnet;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static dev.jobnet.converter.testing.ValidationAssert.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids of jobs and root jobnets: unique where they must be, and of the allowed form and length. */
class IdFindingsTest {

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void aDuplicateJobIdNamesBothLines() {
    // given
    SourceFile file = new SourceFile("dup-job.yaml", """
        jobnets:
          nightly:
            jobs:
              load: { run: load.sh }
              check: { run: check.sh }
              load: { run: load-again.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.DUPLICATE_JOB_ID).at("dup-job.yaml", 6, 7)
        .withMessageContaining("job id 'load' is used twice in one jobnet (first at line 4); rename one")
        .and().hasFindingCount(1);
  }

  @Test
  void aDuplicateJobIdInsideANestedJobnetIsFound() {
    // given
    SourceFile file = new SourceFile("dup-nested.yaml", """
        jobnets:
          nightly:
            jobs:
              archive:
                jobnet:
                  jobs:
                    pack: { run: pack.sh }
                    pack: { run: pack2.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.DUPLICATE_JOB_ID).at("dup-nested.yaml", 8, 13).withMessageContaining("first at line 7")
        .and().hasFindingCount(1);
  }

  @Test
  void theSameJobIdInDifferentJobnetsIsAllowed() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("nightly")
            .withJob(aJob("load").run("load.sh"))
            .withJob(aJob("archive").jobnet(aJobnet().withJob(aJob("load").run("load.sh"))))
            .withFinally(aJob("load").run("load.sh")))
        .withRoot(aRoot("monthly").withJob(aJob("load").run("load.sh")))
        .toSource("same-ids.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }

  @Test
  void aRootDefinedTwiceInOneFileNamesBothLines() {
    // given
    SourceFile file = new SourceFile("dup-root.yaml", """
        jobnets:
          nightly:
            jobs: { a: a.sh }
          nightly:
            jobs: { b: b.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.DUPLICATE_ROOT_ID).at("dup-root.yaml", 4, 3)
        .withMessageContaining("root jobnet 'nightly' is defined twice in this file (first at line 2)")
        .and().hasFindingCount(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1nightly       | start with a letter (of any script), then letters, digits, '_' or '-' (put other characters in 'name:')
      -nightly       | start with a letter (of any script)
      ー取込          | 'ー' (U+30FC) cannot start a BPMN id; start with another letter
      nightly.import | '.' separates the ids of nested jobnets in job paths (MM_ACTUAL_JOB_NAME_PATH); use '-' or '_'
      night ly       | it holds a space or an invisible character (U+0020); use '-' or '_' (put spaces in 'name:')
      夜間　バッチ     | it holds a space or an invisible character (U+3000)
      a‍b       | it holds a space or an invisible character (U+200D)
      _nightly       | ids that start with '_' are kept for the elements the converter adds
      取込・集計       | '・' (U+30FB) cannot be part of a BPMN id; use letters, digits, '_' or '-' (put other characters in 'name:')
      𠮷野家          | '𠮷' (U+20BB7) cannot be part of a BPMN id
      load:2         | ':' (U+003A) cannot be part of a BPMN id
      a/b            | '/' (U+002F) cannot be part of a BPMN id
      café     | it is not in Unicode normalization form C (NFC), so it could differ from an id that looks the same; write it as 'café'
      """)
  void rootAndJobIdsOfAnotherFormAreInvalidAndTheMessageSaysWhy(String written, String why) {
    // given: an id as written in YAML (the compiler turns the escapes into the characters that do not show)
    String id = written;
    SourceFile file = aFile()
        .withRoot(aRoot(id).withJob(aJob("ok").run("ok.sh")))
        .withRoot(aRoot("nightly").withJob(aJob(id).run("a.sh")))
        .toSource("ids.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_ID).at("ids.yaml", 3, 3)
        .withMessageContaining("root jobnet id '" + id + "' is not allowed: " + why)
        .and().hasFinding(FindingCode.INVALID_ID).at("ids.yaml", 9, 7)
        .withMessageContaining("job id '" + id + "' is not allowed: " + why)
        .and().hasFindingCount(2);
  }

  @Test
  void idsWithLettersDigitsUnderscoresAndDashesAreValid() {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot("Nightly_import-2").withJob(aJob("step-1_a").run("a.sh"), aJob("B2").run("b.sh")))
        .toSource("good-ids.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }

  @ParameterizedTest
  @ValueSource(strings = {"夜間バッチ", "取込", "データ取込ー2", "Über-Nacht", "ночной_импорт", "नमस्ते", "مرحبا", "สวัสดี",
      "한국어", "批处理", "Ελλάδα", "a·b", "x٣"})
  void idsOfAnyScriptAreValid(String id) {
    // given
    SourceFile file = aFile()
        .withRoot(aRoot(id).withJob(aJob(id + "-1").run("a.sh"), aJob(id + "-2").jobnet(aJobnet().withJob(aJob(id).run("b.sh")))))
        .toSource("any-script.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }

  @Test
  void aTopLevelJobMayNotHaveTheIdOfItsRootJobnet() {
    // given: the root's id is the process id of its BPMN file, its top-level jobs' ids are task ids there
    SourceFile file = new SourceFile("same-as-root.yaml", """
        jobnets:
          nightly:
            jobs:
              nightly: { run: nightly.sh }
              archive:
                jobnet:
                  jobs:
                    nightly: { run: archive.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then: the nested one is 'archive.nightly' in BPMN, which is no clash
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_ID).at("same-as-root.yaml", 4, 7)
        .withMessageContaining("job id 'nightly' is also the id of its root jobnet, and one BPMN file holds each id"
            + " once; rename the job")
        .and().hasFindingCount(1);
  }

  @Test
  void anIdLongerThan64CharactersIsInvalid() {
    // given
    String longId = "a".repeat(65);
    SourceFile file = aFile()
        .withRoot(aRoot("nightly").withJob(aJob(longId).run("a.sh"), aJob("a".repeat(64)).run("b.sh")))
        .toSource("long-id.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_ID).at("long-id.yaml", 5, 7)
        .withMessageContaining("job id 'aaaaaaaaaaaaaaaaaaaa...' is longer than 64 characters")
        .and().hasFindingCount(1);
  }

  @Test
  void aPathOfNestedIdsLongerThanTheEngineStoresIsInvalid() {
    // given: 64 + 1 + 64 + 1 + 64 + 1 + 64 = 259 characters from the root to the innermost job
    String id = "x".repeat(64);
    SourceFile file = aFile()
        .withRoot(aRoot("r" + id.substring(1)).withJob(aJob(id).jobnet(aJobnet().withJob(aJob(id).jobnet(aJobnet()
            .withJob(aJob(id).run("deep.sh")))))))
        .toSource("long-path.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_ID).at("long-path.yaml", 11, 19)
        .withMessageContaining("is longer than 255 characters; use shorter ids for the enclosing jobnets")
        .and().hasFindingCount(1);
  }

  @Test
  void aJobMayNotBeNamedFinallyWhichNamesTheFinallyBlockInPaths() {
    // given
    SourceFile file = new SourceFile("reserved.yaml", """
        jobnets:
          nightly:
            jobs:
              finally: { run: cleanup.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_ID).at("reserved.yaml", 4, 7)
        .withMessageContaining("job id 'finally' is reserved")
        .and().hasFindingCount(1);
  }
}
