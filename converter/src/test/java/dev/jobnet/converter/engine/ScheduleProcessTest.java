package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.jobnet.converter.Finding;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code schedule:}, short or long form, is the engine app's scheduler's: the process carries the
 * schedule's properties, its start event is plain (no timer of Camunda's starts it as well), and it can
 * be started by hand; the scheduler reads the cron as Camunda 7.24 would.
 */
class ScheduleProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  private final JobnetDeployer deployer = new JobnetDeployer(engine);

  @BeforeEach
  void useEngine() {
    BpmnAwareTests.init(engine.getProcessEngine());
  }

  @Test
  void aScheduledJobnetHasNoTimerOfCamundasAndIsStillStartedByHand() {
    // when
    deployer.deploy(nightly("0 0 2 * * ?"));

    // then no timer job waits: the scheduler starts the runs
    assertThat(engine.getManagementService().createJobQuery().timers().processDefinitionKey("nightly").count())
        .as("timer start jobs of 'nightly'").isZero();
    // and the process says how it is scheduled, with the long form's defaults
    Process process = engine.getRepositoryService().getBpmnModelInstance(engine.getRepositoryService()
        .createProcessDefinitionQuery().processDefinitionKey("nightly").singleResult().getId())
        .getModelElementById("nightly");
    Map<String, String> props = new LinkedHashMap<>();
    process.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).singleResult()
        .getCamundaProperties().forEach(p -> props.put(p.getCamundaName(), p.getCamundaValue()));
    assertThat(props).containsEntry("jobnet.schedule", "0 0 2 * * ?").containsEntry("jobnet.schedule.scheduler", "true")
        .containsEntry("jobnet.schedule.onClosedDay", "skip").containsEntry("jobnet.schedule.missed", "one")
        .containsEntry("jobnet.schedule.overlap", "skip");
    // and a start by hand runs from its start event
    ProcessInstance byHand = engine.getRuntimeService().startProcessInstanceByKey("nightly");
    assertThat(byHand).isWaitingAtExactly("extract").hasPassed("_start");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "0 0 2 * * ?",
      "0 30 1 ? * MON-FRI",
      "0 0 2 ? * MON,WED",
      "0 0 2 ? * SUN",
      "0 0/15 * * * ?",
      "0 0 3 L * ?",
      "0 0 3 L-2 * ?",
      "0 0 3 LW * ?",
      "0 0 3 15W * ?",
      "0 0 4 ? * FRI#3",
      "0 0 4 ? * FRIL",
      "0 0 2 ? JAN-MAR *",
      "0 0 2 1 1/2 ?",
  })
  void everyScheduleTheConverterAcceptsDeploysAndHasRunsAhead(String cron) {
    // given
    assertThat(findings(cron)).as("converter findings for %s", cron).isEmpty();

    // when
    deployer.deploy(nightly(cron));

    // then
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("nightly").count())
        .isOne();
    Instant from = LocalDate.of(2030, 5, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    assertThat(Schedule.of(cron, ZoneOffset.UTC).ticks(from, from.plus(Duration.ofDays(400))))
        .as("the runs of %s in the 400 days from %s", cron, from).isNotEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "0 0 2 ? * SUN,     2030-05-05T02:00",
      "0 0 2 ? * MON-FRI, 2030-05-02T02:00",
      "0 0 4 ? * FRI#3,   2030-05-17T04:00",
      "0 0 4 ? * FRIL,    2030-05-31T04:00",
      "0 0 3 L * ?,       2030-05-31T03:00",
  })
  void namedDaysRunOnTheDayTheyName(String cron, LocalDateTime expected) {
    // given Wednesday 1 May 2030, 14:30, and a timer of Camunda's on the same cron (an authored BPMN's,
    // before the converter made it the scheduler's)
    ZoneId zone = ZoneId.systemDefault();
    Instant now = LocalDateTime.of(2030, 5, 1, 14, 30).atZone(zone).toInstant();
    engine.setCurrentTime(Date.from(now));
    BpmnModelInstance timer = Bpmn.createExecutableProcess("timed").camundaHistoryTimeToLive(1).startEvent("_start")
        .timerWithCycle(cron).endEvent().done();
    engine.manageDeployment(engine.getRepositoryService().createDeployment().addModelInstance("timed.bpmn", timer)
        .deploy());
    Date camunda = engine.getManagementService().createJobQuery().timers().processDefinitionKey("timed")
        .singleResult().getDuedate();

    // when
    Instant first = Schedule.of(cron, zone).ticks(now, now.plus(Duration.ofDays(62))).get(0).at();

    // then the scheduler's first run is Camunda's and the named day's
    assertThat(Date.from(first)).isEqualTo(camunda).isEqualTo(Date.from(expected.atZone(zone).toInstant()));
  }

  /**
   * Camunda 7.24 reads cron with Spring's syntax: no year field (deployment fails, ENGINE-09026), day of
   * week 1 = Monday (Quartz: Sunday), a bare L = Sunday (Quartz: Saturday). The converter refuses what
   * would fail or run on another day than a Quartz user means.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "0 0 2 * * ? 2031",
      "0 0 2 ? * 1",
      "0 0 2 ? * 2-6",
      "0 0 4 ? * 6L",
      "0 0 4 ? * 5#3",
      "0 0 4 ? * L",
      "0 0 4 ? * */2",
  })
  void schedulesTheEngineReadsDifferentlyFromQuartzAreRefusedBeforeDeployment(String cron) {
    // when
    List<Finding> findings = findings(cron);

    // then
    assertThat(findings).extracting(Finding::code).containsExactly(FindingCode.INVALID_CRON);
  }

  @Test
  void theEngineRefusesACronWithAYearField() {
    // given the timer a BPMN would hold for a year field, had the converter let one through
    BpmnModelInstance timer = Bpmn.createExecutableProcess("timed").camundaHistoryTimeToLive(1).startEvent("_start")
        .timerWithCycle("0 0 2 * * ? 2031").endEvent().done();

    // when / then
    assertThatThrownBy(() -> engine.getRepositoryService().createDeployment().addModelInstance("timed.bpmn", timer)
        .deploy()).hasMessageContaining("ENGINE-09026").hasMessageContaining("7 parts");
  }

  private static List<Finding> findings(String cron) {
    return new JobnetConverter().validate(List.of(new SourceFile("nightly.yaml", nightly(cron)))).findings();
  }

  private static String nightly(String cron) {
    return """
        version: 1
        jobnets:
          nightly:
            name: 夜間取込
            schedule: "%s"
            jobs:
              extract: { run: /opt/batch/extract.sh }
        """.formatted(cron);
  }
}
