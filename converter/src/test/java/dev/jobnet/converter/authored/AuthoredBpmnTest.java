package dev.jobnet.converter.authored;

import static dev.jobnet.converter.testing.ValidationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.check.KnownJobnets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;

/**
 * BPMN made or edited in Camunda Modeler is checked as a jobnet: every mistake at once, located at its
 * element, and the properties the engine and the agents read derived again from the diagram.
 */
class AuthoredBpmnTest {

  /** Tests run in the module directory; the examples live at the repository root. */
  private static final Path EXAMPLES = Path.of("..", "bpmn").toAbsolutePath().normalize();

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void theModelerExamplesAreJobnetsWithTheirPropertiesDerivedFromTheDiagram() throws IOException {
    // given: the BPMN examples, made with bpmn-js and its properties panel (Camunda Modeler's editor), with the YAML they expand
    List<Path> files = List.of(EXAMPLES.resolve("modeler-edited.bpmn"), EXAMPLES.resolve("modeler-drawn.bpmn"),
        EXAMPLES.resolve("job-test.yaml"));
    // when
    Validation v = converter.validateFiles(files);
    // then
    assertThat(v).isValid();
    BpmnModelInstance edited = model(v, "modeler-edited.bpmn");
    assertThat(props(edited, "verify")).containsEntry("jobnet.kind", "job")
        .containsEntry("jobnet.id", "verify")
        .containsEntry("jobnet.path", "/modeler-edited/verify")
        .containsEntry("jobnet.ancestors", "modeler-edited")
        .containsEntry("jobnet.upstream", "load")
        .containsEntry("jobnet.server", "default")
        .containsEntry("jobnet.retries", "0")
        .containsEntry("jobnet.timeout", "PT1M")
        .containsEntry("jobnet.backoff", "PT10S")
        .containsEntry("jobnet.env.CHECK_MODE", "strict");
    assertThat(props(edited, "_finally")).containsEntry("jobnet.kind", "finally").doesNotContainKey("jobnet.upstream");
    BpmnModelInstance drawn = model(v, "modeler-drawn.bpmn");
    assertThat(props(drawn, "modeler-drawn")).containsEntry("jobnet.kind", "root").containsEntry("jobnet.id", "modeler-drawn");
    assertThat(props(drawn, "Activity_0nested")).containsEntry("jobnet.kind", "jobnet")
        .containsEntry("jobnet.upstream", "Activity_fetch,Activity_1expand");
    assertThat(props(drawn, "Activity_check")).containsEntry("jobnet.path", "/modeler-drawn/Activity_0nested/Activity_check")
        .containsEntry("jobnet.ancestors", "modeler-drawn;Activity_0nested")
        .containsEntry("jobnet.upstream", "Activity_resize");
    assertThat(props(drawn, "Activity_tidy")).containsEntry("jobnet.path", "/modeler-drawn/finally/Activity_tidy")
        .containsEntry("jobnet.ancestors", "modeler-drawn;finally");
    assertThat(props(drawn, "Activity_1expand")).containsEntry("jobnet.expand", "job-test");
    CallActivity call = drawn.getModelElementById("Activity_1expand");
    assertThat(call.getCamundaCalledElementBinding()).isEqualTo("latest");
    ParallelGateway join = drawn.getModelElementById("Gateway_1m2join");
    assertThat(join.isCamundaAsyncBefore()).as("a join is asynchronous").isTrue();
    ParallelGateway fork = drawn.getModelElementById("Gateway_0k3fork");
    assertThat(fork.isCamundaAsyncBefore()).isFalse();
  }

  @Test
  void theConvertersOwnBpmnIsKeptByteForByte() {
    // given
    Validation yaml = converter.validate(List.of(new SourceFile("n.yaml", """
        jobnets:
          n:
            schedule: "0 0 2 * * ?"
            jobs:
              a: { run: echo a, next: [b, c], retry: { retries: 2, backoff: 3s } }
              b: { run: echo b, next: d, env: { X: "1" }, timeout: 2h }
              c: { run: echo c, next: d }
              d: { jobnet: { jobs: { e: echo e }, finally: { jobs: { f: echo f } } } }
            finally:
              jobs:
                g: echo g
        """)));
    byte[] bpmn = converter.convert(yaml).get(0).bpmnXml().getBytes(StandardCharsets.UTF_8);
    // when
    Validation v = converter.validate(List.of(), List.of(new BpmnSource("n.bpmn", bpmn)), KnownJobnets.NONE);
    // then
    assertThat(v).isValid();
    assertThat(new String(v.bpmn().get(0).content(), StandardCharsets.UTF_8))
        .isEqualTo(new String(bpmn, StandardCharsets.UTF_8));
  }

  @Test
  void derivingTwiceGivesTheSameBytes() throws IOException {
    // given
    List<BpmnSource> once = checked(List.of(EXAMPLES.resolve("modeler-drawn.bpmn"), EXAMPLES.resolve("modeler-edited.bpmn")));
    // when
    Validation again = converter.validate(List.of(), once, new KnownJobnets(Map.of("job-test", Set.of())));
    // then
    assertThat(again).isValid();
    for (int i = 0; i < once.size(); i++) {
      assertThat(new String(again.bpmn().get(i).content(), StandardCharsets.UTF_8))
          .isEqualTo(new String(once.get(i).content(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void bpmnWithoutJobsIsNoJobnetAndIsLeftAsItIs() {
    // given
    byte[] plain = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
          <process id="approval" isExecutable="true">
            <startEvent id="s"/><userTask id="approve"/><endEvent id="e"/>
            <sequenceFlow id="f1" sourceRef="s" targetRef="approve"/>
            <sequenceFlow id="f2" sourceRef="approve" targetRef="e"/>
          </process>
        </definitions>
        """.getBytes(StandardCharsets.UTF_8);
    // when
    Validation v = converter.validate(List.of(), List.of(new BpmnSource("approval.bpmn", plain)), KnownJobnets.NONE);
    // then
    assertThat(v).isValid();
    assertThat(v.bpmn().get(0).hasJobnet()).isFalse();
    assertThat(v.bpmn().get(0).content()).isEqualTo(plain);
  }

  @Test
  void everyMistakeOfAJobnetInBpmnIsReportedAtOnceAtItsElement() {
    // given: one process with a mistake of each kind (line numbers below are the file's)
    String bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <bpmn:process id="broken" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:startEvent id="second-start"/>
            <bpmn:serviceTask id="no-command" camunda:type="external" camunda:topic="jobnet.default"/>
            <bpmn:serviceTask id="bad-settings" camunda:type="external" camunda:topic="jobnet.default">
              <bpmn:extensionElements>
                <camunda:properties>
                  <camunda:property name="jobnet.command" value="echo hi"/>
                  <camunda:property name="jobnet.retries" value="many"/>
                  <camunda:property name="jobnet.timeout" value="soon"/>
                  <camunda:property name="jobnet.comand" value="echo typo"/>
                  <camunda:property name="jobnet.env" value="MM_PATH=/x"/>
                </camunda:properties>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:serviceTask id="java-delegate" camunda:class="com.example.Delegate"/>
            <bpmn:serviceTask id="other-topic" camunda:type="external" camunda:topic="mail"/>
            <bpmn:userTask id="approve"/>
            <bpmn:callActivity id="expand" calledElement="nightly-salse"/>
            <bpmn:serviceTask id="orphan" camunda:type="external" camunda:topic="jobnet.bad server">
              <bpmn:extensionElements><camunda:properties><camunda:property name="jobnet.command" value="x"/></camunda:properties></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="no-command"/>
            <bpmn:sequenceFlow id="f2" sourceRef="start" targetRef="bad-settings"/>
            <bpmn:sequenceFlow id="f3" sourceRef="no-command" targetRef="expand"/>
            <bpmn:sequenceFlow id="f4" sourceRef="bad-settings" targetRef="expand">
              <bpmn:conditionExpression>${ok}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f5" sourceRef="expand" targetRef="java-delegate"/>
            <bpmn:sequenceFlow id="f6" sourceRef="java-delegate" targetRef="other-topic"/>
            <bpmn:sequenceFlow id="f7" sourceRef="other-topic" targetRef="approve"/>
            <bpmn:sequenceFlow id="f8" sourceRef="approve" targetRef="expand"/>
            <bpmn:sequenceFlow id="f9" sourceRef="approve" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """;
    // when
    Validation v = converter.validate(List.of(new SourceFile("nightly.yaml", """
        jobnets:
          nightly-sales:
            jobs:
              a: echo a
        """)), List.of(new BpmnSource("broken.bpmn", bpmn.getBytes(StandardCharsets.UTF_8))), KnownJobnets.NONE);
    // then
    assertThat(v).hasFinding(FindingCode.START_EVENTS).at("broken.bpmn", 3, 3)
        .withMessageContaining("root jobnet 'broken' has 2 start events").and()
        .hasFinding(FindingCode.EMPTY_COMMAND).at("broken.bpmn", 6, 5).withMessageContaining("jobnet.command").and()
        .hasFinding(FindingCode.INVALID_RETRY).at("broken.bpmn", 11, 11).withMessageContaining("found 'many'").and()
        .hasFinding(FindingCode.INVALID_DURATION).at("broken.bpmn", 12, 11).withMessageContaining("'soon'").and()
        .hasFinding(FindingCode.UNKNOWN_KEY).at("broken.bpmn", 13, 11)
        .withMessageContaining("did you mean 'jobnet.command'?").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("broken.bpmn", 14, 11).withMessageContaining("MM_PATH", "reserved")
        .and()
        .hasFinding(FindingCode.UNSUPPORTED_ELEMENT).at("broken.bpmn", 20, 5)
        .withMessageContaining("userTask 'approve' cannot be part of a jobnet").and()
        .hasFinding(FindingCode.UNKNOWN_EXPANSION).at("broken.bpmn", 21, 5)
        .withMessageContaining("'nightly-salse'", "did you mean 'nightly-sales'?").and()
        .hasFinding(FindingCode.INVALID_SERVER).at("broken.bpmn", 22, 5).withMessageContaining("'bad server'").and()
        .hasFinding(FindingCode.UNREACHABLE_JOB).at("broken.bpmn", 22, 5).withMessageContaining("'orphan'").and()
        .hasFinding(FindingCode.MERGE_WITHOUT_JOIN).at("broken.bpmn", 21, 5)
        .withMessageContaining("'expand' is reached by 3 sequence flows").and()
        .hasFinding(FindingCode.CYCLE).at("broken.bpmn", 21, 5).withMessageContaining("cycle back to 'expand'").and()
        .hasFinding(FindingCode.UNSUPPORTED_ELEMENT).at("broken.bpmn", 29, 5).withMessageContaining("f4", "condition")
        .and()
        .hasFindingCount(15);
    assertThat(v.findings()).filteredOn(f -> f.code() == FindingCode.NOT_A_JOB_TASK)
        .extracting(f -> f.location().line()).containsExactly(18, 19);
  }

  @Test
  void aFinallyRunsLastAndAJobnetHasOne() {
    // given: a branch that ends before the finally, and a finally followed by a job (so 'end' follows a job)
    String bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <bpmn:process id="fin" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:parallelGateway id="fork"/>
            %s
            %s
            <bpmn:subProcess id="cleanup">
              <bpmn:extensionElements><camunda:properties><camunda:property name="jobnet.kind" value="finally"/></camunda:properties></bpmn:extensionElements>
              <bpmn:startEvent id="cs"/>
              %s
              <bpmn:sequenceFlow id="c1" sourceRef="cs" targetRef="tidy"/>
            </bpmn:subProcess>
            %s
            <bpmn:endEvent id="end"/>
            <bpmn:endEvent id="early-end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="a"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="b"/>
            <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="cleanup"/>
            <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="early-end"/>
            <bpmn:sequenceFlow id="f6" sourceRef="cleanup" targetRef="after"/>
            <bpmn:sequenceFlow id="f7" sourceRef="after" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(job("a"), job("b"), job("tidy"), job("after"));
    // when
    Validation v = converter.validate(List.of(), List.of(new BpmnSource("fin.bpmn", bpmn.getBytes(StandardCharsets.UTF_8))),
        KnownJobnets.NONE);
    // then
    assertThat(v).hasFinding(FindingCode.MISPLACED_FINALLY).at("fin.bpmn", 8, 5)
        .withMessageContaining("finally 'cleanup' runs after all the other jobs").and()
        .hasFinding(FindingCode.MISPLACED_FINALLY).at("fin.bpmn", 15, 5)
        .withMessageContaining("'end' ends a branch before the finally").and()
        .hasFinding(FindingCode.MISPLACED_FINALLY).at("fin.bpmn", 16, 5)
        .withMessageContaining("'early-end' ends a branch before the finally").and()
        .hasFindingCount(3);
  }

  @Test
  void expansionsResolveAcrossYamlAndBpmnAndRecursionIsFoundThroughBoth() {
    // given: BPMN 'a' expands YAML 'b', which expands BPMN 'a'; BPMN 'c' expands the deployed 'lib'
    String a = process("a", "<bpmn:callActivity id=\"to-b\" calledElement=\"b\"/>", "to-b");
    String c = process("c", "<bpmn:callActivity id=\"to-lib\" calledElement=\"lib\"/>", "to-lib");
    // when
    Validation v = converter.validate(List.of(new SourceFile("b.yaml", """
            jobnets:
              b:
                jobs:
                  back: { expand: a }
            """)),
        List.of(new BpmnSource("a.bpmn", a.getBytes(StandardCharsets.UTF_8)),
            new BpmnSource("c.bpmn", c.getBytes(StandardCharsets.UTF_8))),
        new KnownJobnets(Map.of("lib", Set.of())));
    // then
    assertThat(v).hasFinding(FindingCode.EXPANSION_RECURSION).inFile("a.bpmn")
        .withMessageContaining("root jobnet 'a' expand itself: a -> b -> a").and()
        .hasFinding(FindingCode.EXPANSION_RECURSION).inFile("b.yaml").and()
        .hasFindingCount(2);
  }

  @Test
  void aFileThatIsNotBpmnIsAFindingAndTheOthersAreStillChecked() {
    // when
    Validation v = converter.validate(List.of(), List.of(
        new BpmnSource("broken.bpmn", "<bpmn:definitions xmlns:bpmn=\"x\">\n  <unclosed>\n</bpmn:definitions>"
            .getBytes(StandardCharsets.UTF_8)),
        new BpmnSource("other.bpmn", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)),
        new BpmnSource("empty-root.bpmn", process("r", "", null).getBytes(StandardCharsets.UTF_8))), KnownJobnets.NONE);
    // then
    assertThat(v).hasFinding(FindingCode.BPMN_SYNTAX).inFile("broken.bpmn").withMessageContaining("not well-formed")
        .and()
        .hasFinding(FindingCode.BPMN_SYNTAX).at("other.bpmn", 1, 1).withMessageContaining("not BPMN 2.0").and()
        .hasFindingCount(2);
  }

  @Test
  void aProcessWithJobsThatIsNotExecutableIsAFinding() {
    // given
    String bpmn = process("r", job("a"), "a").replace("isExecutable=\"true\"", "isExecutable=\"false\"");
    // when
    Validation v = converter.validate(List.of(), List.of(new BpmnSource("r.bpmn", bpmn.getBytes(StandardCharsets.UTF_8))),
        KnownJobnets.NONE);
    // then
    assertThat(v).hasFinding(FindingCode.INVALID_VALUE).at("r.bpmn", 3, 3)
        .withMessageContaining("not executable", "tick 'Executable'").and()
        .hasFindingCount(1);
  }

  @Test
  void aTimerStartEventIsAScheduleOfTheSchedulerWithTheRulesWrittenOnTheProcess() {
    // given: a Modeler diagram whose start event is a timer of type Cycle, and two rules as process properties
    String bpmn = process("nightly", job("a"), "a")
        .replace("<bpmn:startEvent id=\"start\"/>", "<bpmn:startEvent id=\"start\"><bpmn:timerEventDefinition id=\"t\">"
            + "<bpmn:timeCycle>0 0 2 * * ?</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>")
        .replace("isExecutable=\"true\">", "isExecutable=\"true\"><bpmn:extensionElements><camunda:properties>"
            + "<camunda:property name=\"jobnet.schedule.timezone\" value=\"Asia/Tokyo\"/>"
            + "<camunda:property name=\"jobnet.schedule.calendar\" value=\"jp-business\"/>"
            + "<camunda:property name=\"jobnet.schedule.calendar.weekdays\" value=\"MON,TUE,WED,THU,FRI\"/>"
            + "<camunda:property name=\"jobnet.schedule.calendar.holidays\" value=\"2027-01-01, 2026-12-31\"/>"
            + "<camunda:property name=\"jobnet.schedule.overlap\" value=\"queue\"/>"
            + "</camunda:properties></bpmn:extensionElements>");
    // when
    Validation v = converter.validate(List.of(), List.of(new BpmnSource("nightly.bpmn",
        bpmn.getBytes(StandardCharsets.UTF_8))), KnownJobnets.NONE);
    // then: the engine app's scheduler starts it, no timer of Camunda's, with the defaults for the rest
    assertThat(v).isValid();
    BpmnModelInstance model = model(v, "nightly.bpmn");
    assertThat(new String(v.bpmn().get(0).content(), StandardCharsets.UTF_8)).doesNotContain("timerEventDefinition");
    assertThat(props(model, "nightly")).containsEntry("jobnet.schedule", "0 0 2 * * ?")
        .containsEntry("jobnet.schedule.scheduler", "true")
        .containsEntry("jobnet.schedule.timezone", "Asia/Tokyo")
        .containsEntry("jobnet.schedule.calendar", "jp-business")
        .containsEntry("jobnet.schedule.calendar.weekdays", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
        .containsEntry("jobnet.schedule.calendar.holidays", "2026-12-31,2027-01-01")
        .containsEntry("jobnet.schedule.onClosedDay", "skip")
        .containsEntry("jobnet.schedule.missed", "one")
        .containsEntry("jobnet.schedule.overlap", "queue");
  }

  @Test
  void everyMistakeOfAnAuthoredScheduleIsReportedAtOnceAtItsProperty() {
    // given
    String rules = "<bpmn:extensionElements><camunda:properties>"
        + "<camunda:property name=\"jobnet.schedule\" value=\"0 0 2 * * ?\"/>"
        + "<camunda:property name=\"jobnet.schedule.timezone\" value=\"Asia/Tokio\"/>\n"
        + "<camunda:property name=\"jobnet.schedule.missed\" value=\"al\"/>\n"
        + "<camunda:property name=\"jobnet.schedule.onClosedDay\" value=\"next-open-day\"/>\n"
        + "<camunda:property name=\"jobnet.schedule.overlaps\" value=\"skip\"/>\n"
        + "</camunda:properties></bpmn:extensionElements>";
    String bpmn = process("nightly", job("a"), "a").replace("isExecutable=\"true\">", "isExecutable=\"true\">" + rules);
    String unscheduled = process("other", job("b"), "b").replace("isExecutable=\"true\">", "isExecutable=\"true\">"
        + "<bpmn:extensionElements><camunda:properties>"
        + "<camunda:property name=\"jobnet.schedule.missed\" value=\"all\"/>"
        + "</camunda:properties></bpmn:extensionElements>");
    // when
    Validation v = converter.validate(List.of(), List.of(
        new BpmnSource("nightly.bpmn", bpmn.getBytes(StandardCharsets.UTF_8)),
        new BpmnSource("other.bpmn", unscheduled.getBytes(StandardCharsets.UTF_8))), KnownJobnets.NONE);
    // then
    assertThat(v).hasFinding(FindingCode.INVALID_SCHEDULE).at("nightly.bpmn", 3, 156)
        .withMessageContaining("timezone 'Asia/Tokio' is no time zone id", "did you mean 'Asia/Tokyo'?").and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("nightly.bpmn", 4, 1)
        .withMessageContaining("'al' is no value of 'jobnet.schedule.missed'", "none, one, all", "did you mean 'all'?")
        .and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("nightly.bpmn", 5, 1)
        .withMessageContaining("'jobnet.schedule.onClosedDay' applies to a business calendar").and()
        .hasFinding(FindingCode.UNKNOWN_KEY).at("nightly.bpmn", 6, 1)
        .withMessageContaining("'jobnet.schedule.overlaps'", "did you mean 'jobnet.schedule.overlap'?").and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("other.bpmn", 3, 92)
        .withMessageContaining("'jobnet.schedule.missed' is a rule of a schedule", "has none").and()
        .hasFindingCount(5);
  }

  /** A process with a start event, {@code elements}, and a flow start -> {@code first} -> end. */
  private static String process(String id, String elements, String first) {
    String flows = first == null ? "" : """
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="%1$s"/>
            <bpmn:sequenceFlow id="f2" sourceRef="%1$s" targetRef="end"/>""".formatted(first);
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <bpmn:process id="%s" isExecutable="true">
            <bpmn:startEvent id="start"/>
            %s
            <bpmn:endEvent id="end"/>
            %s
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(id, elements, flows);
  }

  private static String job(String id) {
    return ("<bpmn:serviceTask id=\"%1$s\" camunda:type=\"external\" camunda:topic=\"jobnet.default\"><bpmn:extensionElements>"
        + "<camunda:properties><camunda:property name=\"jobnet.command\" value=\"echo %1$s\"/></camunda:properties>"
        + "</bpmn:extensionElements></bpmn:serviceTask>").formatted(id);
  }

  private List<BpmnSource> checked(List<Path> files) throws IOException {
    List<BpmnSource> sources = new java.util.ArrayList<>();
    for (Path f : files) {
      sources.add(new BpmnSource(f.getFileName().toString(), Files.readAllBytes(f)));
    }
    Validation v = converter.validate(List.of(), sources, new KnownJobnets(Map.of("job-test", Set.of())));
    assertThat(v).isValid();
    return v.bpmn().stream().map(c -> new BpmnSource(c.name(), c.content())).toList();
  }

  private static BpmnModelInstance model(Validation v, String fileName) {
    CheckedBpmn checked = v.bpmn().stream().filter(b -> b.name().endsWith(fileName)).findFirst().orElseThrow();
    return Bpmn.readModelFromStream(new ByteArrayInputStream(checked.content()));
  }

  private static Map<String, String> props(BpmnModelInstance model, String elementId) {
    BaseElement e = model.getModelElementById(elementId);
    Map<String, String> result = new HashMap<>();
    for (CamundaProperty p : e.getExtensionElements().getElementsQuery().filterByType(
        org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties.class).singleResult().getCamundaProperties()) {
      result.put(p.getCamundaName(), p.getCamundaValue());
    }
    return result;
  }
}
