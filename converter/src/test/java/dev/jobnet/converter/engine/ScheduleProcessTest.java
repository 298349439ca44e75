package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.Finding;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A {@code schedule:} becomes a cron timer start beside the manual start. */
class ScheduleProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  private final JobnetDeployer deployer = new JobnetDeployer(engine);

  @BeforeEach
  void useEngine() {
    BpmnAwareTests.init(engine.getProcessEngine());
  }

  @Test
  void scheduledJobnetHasATimerForTheNextRunAndCanStillBeStartedByHand() {
    // given
    ZonedDateTime now = ZonedDateTime.of(LocalDate.of(2030, 5, 1), LocalTime.of(14, 30), ZoneId.systemDefault());
    engine.setCurrentTime(Date.from(now.toInstant()));

    // when
    deployer.deploy(nightly("0 0 2 * * ?"));

    // then a timer waits for 02:00 next day
    Job timer = engine.getManagementService().createJobQuery().timers().processDefinitionKey("nightly")
        .singleResult();
    assertThat(timer).as("timer start job of 'nightly'").isNotNull();
    assertThat(timer.getProcessInstanceId()).isNull();
    assertThat(timer.getDuedate()).isEqualTo(Date.from(now.plusDays(1).with(LocalTime.of(2, 0)).toInstant()));

    // and a start by hand runs from the same start event, leaving the timer in place
    ProcessInstance byHand = engine.getRuntimeService().startProcessInstanceByKey("nightly");
    assertThat(byHand).isWaitingAtExactly("extract").hasPassed("_start");
    assertThat(engine.getManagementService().createJobQuery().timers().processDefinitionKey("nightly").count())
        .isOne();
  }

  @Test
  void timerStartsARunAndSchedulesTheNextOne() {
    // given
    ZonedDateTime now = ZonedDateTime.of(LocalDate.of(2030, 5, 1), LocalTime.of(14, 30), ZoneId.systemDefault());
    engine.setCurrentTime(Date.from(now.toInstant()));
    deployer.deploy(nightly("0 0 2 * * ?"));
    Job timer = engine.getManagementService().createJobQuery().timers().processDefinitionKey("nightly")
        .singleResult();

    // when the timer fires
    engine.setCurrentTime(timer.getDuedate());
    engine.getManagementService().executeJob(timer.getId());

    // then a run started from the timer and the next timer is due a day later
    ProcessInstance byTimer = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("nightly").singleResult();
    assertThat(byTimer).isWaitingAtExactly("extract").hasPassed("_start");
    Job next = engine.getManagementService().createJobQuery().timers().processDefinitionKey("nightly")
        .singleResult();
    assertThat(next.getDuedate()).isEqualTo(Date.from(now.plusDays(2).with(LocalTime.of(2, 0)).toInstant()));
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
  void everyScheduleTheConverterAcceptsDeploysWithATimer(String cron) {
    // given
    assertThat(findings(cron)).as("converter findings for %s", cron).isEmpty();

    // when
    deployer.deploy(nightly(cron));

    // then
    assertThat(engine.getManagementService().createJobQuery().timers().processDefinitionKey("nightly").count())
        .as("timers for %s", cron).isOne();
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
    // given Wednesday 1 May 2030, 14:30
    engine.setCurrentTime(Date.from(LocalDateTime.of(2030, 5, 1, 14, 30).atZone(ZoneId.systemDefault()).toInstant()));

    // when
    deployer.deploy(nightly(cron));

    // then
    Job timer = engine.getManagementService().createJobQuery().timers().processDefinitionKey("nightly")
        .singleResult();
    assertThat(timer.getDuedate()).isEqualTo(Date.from(expected.atZone(ZoneId.systemDefault()).toInstant()));
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
    // given the BPMN the converter would write for a year field, had it let one through
    String xml = JobnetDeployer.convert(nightly("0 0 2 * * ?")).get(0).bpmnXml()
        .replace("<bpmn:timeCycle>0 0 2 * * ?</bpmn:timeCycle>", "<bpmn:timeCycle>0 0 2 * * ? 2031</bpmn:timeCycle>");

    // when / then
    assertThatThrownBy(() -> deployer.deploy(List.of(new ConvertedJobnet("nightly", xml))))
        .hasMessageContaining("ENGINE-09026").hasMessageContaining("7 parts");
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
