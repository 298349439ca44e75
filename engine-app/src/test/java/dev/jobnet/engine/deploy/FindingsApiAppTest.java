package dev.jobnet.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of finding the converter reports is refused by {@code POST /jobnet-api/deployments} with 400,
 * every finding located in the JSON exactly as the converter locates it, and nothing deployed: not even
 * the valid file sent with the broken one.
 */
class FindingsApiAppTest extends DeploymentApiTestBase {

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        broken(FindingCode.YAML_SYNTAX, """
            jobnets:
              ROOT:
                jobs:
                  extract: { run: extract.sh, next: [load }
                  load: { run: load.sh }
            """),
        broken(FindingCode.DUPLICATE_KEY, """
            jobnets:
              ROOT:
                jobs:
                  load:
                    run: /opt/batch/load.sh
                    run: /opt/batch/load-v2.sh
            """),
        broken(FindingCode.UNKNOWN_KEY, """
            jobnets:
              ROOT:
                jobs:
                  extract: { run: extract.sh, nxt: load }
                  load: { run: load.sh }
            """),
        broken(FindingCode.WRONG_TYPE, """
            jobnets:
              ROOT:
                jobs:
                  extract: { run: [extract.sh, --all] }
            """),
        broken(FindingCode.MISSING_KEY, """
            jobnets:
              ROOT:
                name: Nightly import
            """),
        broken(FindingCode.UNSUPPORTED_VERSION, """
            version: 2
            jobnets:
              ROOT:
                jobs: { extract: extract.sh }
            """),
        Arguments.of(FindingCode.FILE_UNREADABLE, """
            jobnets:
              ROOT:
                name: Caf\u00e9 import
                jobs: { extract: extract.sh }
            """, StandardCharsets.ISO_8859_1.name()),
        broken(FindingCode.HOSTILE_DOCUMENT, """
            jobnets:
              ROOT: &self
                jobs:
                  again: { jobnet: *self }
            """),
        broken(FindingCode.JOB_WITHOUT_ACTION, """
            jobnets:
              ROOT:
                jobs:
                  extract: { run: extract.sh, next: check }
                  check: { next: load }
                  load: { run: load.sh }
            """),
        broken(FindingCode.JOB_WITH_SEVERAL_ACTIONS, """
            jobnets:
              ROOT:
                jobs:
                  report:
                    run: report.sh
                    expand: OK
            """),
        broken(FindingCode.EMPTY_JOBNET, """
            jobnets:
              ROOT:
                jobs:
                  archive:
                    jobnet:
                      jobs: {}
            """),
        broken(FindingCode.EMPTY_COMMAND, """
            jobnets:
              ROOT:
                jobs:
                  extract: { run: "" }
            """),
        broken(FindingCode.DUPLICATE_JOB_ID, """
            jobnets:
              ROOT:
                jobs:
                  load: { run: load.sh }
                  check: { run: check.sh }
                  load: { run: load-again.sh }
            """),
        broken(FindingCode.DUPLICATE_ROOT_ID, """
            jobnets:
              OK:
                jobs: { again: again.sh }
            """),
        broken(FindingCode.INVALID_ID, """
            jobnets:
              ROOT:
                jobs:
                  1st-step: { run: extract.sh }
            """),
        broken(FindingCode.UNKNOWN_NEXT, """
            jobnets:
              ROOT:
                jobs:
                  extract: { run: extract.sh, next: lod }
                  load: { run: load.sh }
            """),
        broken(FindingCode.CYCLE, """
            jobnets:
              ROOT:
                jobs:
                  a: { run: a.sh, next: b }
                  b: { run: b.sh, next: [a, report] }
                  report: { run: report.sh }
            """),
        broken(FindingCode.UNREACHABLE_JOB, """
            jobnets:
              ROOT:
                jobs:
                  a: { run: a.sh, next: b }
                  b: { run: b.sh, next: [a, report] }
                  report: { run: report.sh }
            """),
        broken(FindingCode.DUPLICATE_NEXT, """
            jobnets:
              ROOT:
                jobs:
                  extract: { run: extract.sh, next: [load, check, load] }
                  check: { run: check.sh }
                  load: { run: load.sh }
            """),
        broken(FindingCode.UNKNOWN_EXPANSION, """
            jobnets:
              ROOT:
                jobs:
                  monthly: { expand: ROOT-nowhere }
            """),
        broken(FindingCode.EXPANSION_RECURSION, """
            jobnets:
              ROOT:
                jobs:
                  archive:
                    jobnet:
                      jobs:
                        again: { expand: ROOT }
            """),
        broken(FindingCode.INVALID_DURATION, """
            jobnets:
              ROOT:
                jobs:
                  load: { run: load.sh, timeout: 2 hours }
            """),
        broken(FindingCode.INVALID_CRON, """
            jobnets:
              ROOT:
                schedule: "0 2 * * *"
                jobs: { extract: extract.sh }
            """),
        broken(FindingCode.INVALID_RETRY, """
            jobnets:
              ROOT:
                jobs:
                  load: { run: load.sh, retry: { retries: 3, backoff: 1m, maxBackoff: 10s } }
            """),
        broken(FindingCode.INVALID_SERVER, """
            jobnets:
              ROOT:
                jobs:
                  upload: { run: upload.sh, server: "batch 1" }
            """),
        broken(FindingCode.INVALID_VALUE, """
            jobnets:
              ROOT:
                jobs:
                  load:
                    run: load.sh
                    env:
                      MM_ROOT_JOBNET_ID: mine
            """));
  }

  private static Arguments broken(FindingCode code, String yaml) {
    return Arguments.of(code, yaml, StandardCharsets.UTF_8.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void everyFindingIsLocatedAndNothingIsDeployed(FindingCode code, String template, String charset) throws Exception {
    // given: a broken file and a valid one, sent together
    String root = unique("f-" + code.code().toLowerCase());
    String ok = unique("f-ok");
    String brokenName = "broken/" + code.name().toLowerCase() + ".yaml";
    String okName = "ok.yaml";
    String okYaml = root(ok);
    String brokenYaml = template.replace("ROOT", root).replace("OK", ok);
    List<NamedFile> files = List.of(new NamedFile(brokenName, brokenYaml.getBytes(charset)),
        new NamedFile(okName, okYaml.getBytes(StandardCharsets.UTF_8)));
    long before = allVersions();
    // when
    Answer answer = uploadAsAdmin(files);
    // then
    answer.assertProblem(400, "DEFINITIONS_REJECTED");
    List<JsonNode> findings = DeploymentApiAppTest.findings(answer);
    assertThat(findings).as(answer.toString())
        .anySatisfy(f -> {
          assertThat(f.get("code").asText()).isEqualTo(code.code());
          assertThat(f.get("name").asText()).isEqualTo(code.name());
          assertThat(f.get("file").asText()).isEqualTo(brokenName);
        })
        .allSatisfy(f -> {
          assertThat(f.get("line").asInt()).isPositive();
          assertThat(f.get("column").asInt()).isPositive();
          assertThat(f.get("message").asText()).isNotBlank();
        });
    Validation expected = new JobnetConverter().validate(code == FindingCode.FILE_UNREADABLE
        ? List.of(new SourceFile(okName, okYaml))
        : List.of(new SourceFile(brokenName, brokenYaml), new SourceFile(okName, okYaml)));
    if (code != FindingCode.FILE_UNREADABLE) {
      assertThat(findings).extracting(f -> f.get("code").asText(), f -> f.get("file").asText(),
              f -> f.get("line").asInt(), f -> f.get("column").asInt())
          .containsExactlyElementsOf(expected.findings().stream()
              .map(f -> tuple(f.code().code(), f.location().file(), f.location().line(), f.location().column()))
              .toList());
    } else {
      assertThat(findings).extracting(f -> f.get("code").asText(), f -> f.get("line").asInt(), f -> f.get("column").asInt())
          .containsExactly(tuple("JN007", 3, 14));
    }
    assertThat(answer.body().get("detail").asText()).endsWith("nothing was deployed");
    assertThat(allVersions()).isEqualTo(before);
    assertThat(versions(ok)).isZero();
  }

  @org.junit.jupiter.api.Test
  void aJobnetInBpmnWithMistakesIsRefusedWithEveryFindingLocatedAndNothingIsDeployed() {
    // given: a Modeler file whose job has no command and whose expansion names no root, with a valid YAML
    String root = unique("f-bpmn");
    String ok = unique("f-ok");
    String bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <bpmn:process id="ROOT" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:serviceTask id="Activity_1" camunda:type="external" camunda:topic="jobnet.default"/>
            <bpmn:callActivity id="Activity_2" calledElement="OK-typo"/>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="Activity_1"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Activity_1" targetRef="Activity_2"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Activity_2" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """.replace("ROOT", root).replace("OK-typo", ok + "x");
    long before = allVersions();
    // when
    Answer answer = uploadAsAdmin(files("modeler/" + root + ".bpmn", bpmn, "ok.yaml", root(ok)));
    // then
    answer.assertProblem(400, "DEFINITIONS_REJECTED");
    assertThat(DeploymentApiAppTest.findings(answer)).extracting(f -> f.get("code").asText(), f -> f.get("file").asText(),
            f -> f.get("line").asInt(), f -> f.get("column").asInt())
        .containsExactly(tuple("JN104", "modeler/" + root + ".bpmn", 5, 5), tuple("JN401", "modeler/" + root + ".bpmn", 6, 5));
    assertThat(DeploymentApiAppTest.findings(answer).get(1).get("message").asText())
        .contains("did you mean '" + ok + "'?");
    assertThat(allVersions()).isEqualTo(before);
  }
}
