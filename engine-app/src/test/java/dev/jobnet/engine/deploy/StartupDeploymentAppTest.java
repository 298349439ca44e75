package dev.jobnet.engine.deploy;

import dev.jobnet.engine.testing.SecondNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.engine.deploy.impl.DeploymentPipeline;
import dev.jobnet.engine.testing.EngineAppTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The definitions folder deployed at start-up: jobnet YAML (shared and of a tenant) and a BPMN file;
 * unchanged files make no version at the next start, a changed file makes one; any finding anywhere
 * deploys nothing.
 */
class StartupDeploymentAppTest extends EngineAppTest {

  static final String TENANT = "startup-tenant";
  static final String TENANT_PASSWORD = "startup-tenant-secret";
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String MAIN = "st-main-" + SUFFIX;
  static final String LIB = "st-lib-" + SUFFIX;
  static final String PLAIN = "st-plain-" + SUFFIX;
  static final String TENANT_ROOT = "st-tenant-" + SUFFIX;
  static final String SCHEDULED = "st-scheduled-" + SUFFIX;

  static Path folder;

  @DynamicPropertySource
  static void definitions(DynamicPropertyRegistry registry) throws IOException {
    folder = Files.createTempDirectory("jobnet-definitions");
    write(folder.resolve("jobnets/main.yaml"), DeploymentApiTestBase.expanding(MAIN, LIB));
    write(folder.resolve("lib.yml"), DeploymentApiTestBase.root(LIB));
    write(folder.resolve("legacy/plain.bpmn"), TestBpmn.plainProcess(PLAIN));
    write(folder.resolve("tenants/" + TENANT + "/t.yaml"), DeploymentApiTestBase.root(TENANT_ROOT));
    write(folder.resolve("README.md"), "not a definition");
    // (on New Year's Day only, a holiday of its calendar: it never runs)
    write(folder.resolve("jobnets/scheduled.yaml"), """
        calendars:
          st-business:
            weekdays: [MON, TUE, WED, THU, FRI]
            holidays: [st-holidays.dates]
        jobnets:
          %s:
            schedule: { cron: "0 0 2 1 1 ?", calendar: st-business }
            jobs: { a: /bin/true }
        """.formatted(SCHEDULED));
    write(folder.resolve("calendars/st-holidays.dates"), "# holidays\n2027-01-01 New Year's Day\n2028-01-01\n");
    write(folder.resolve(".drafts/draft.yaml"), "jobnets: { broken");
    registry.add("jobnet.definitions", () -> folder + "," + folder.resolve("no-such-folder"));
    registry.add("jobnet.tenants[0].id", () -> TENANT);
    registry.add("jobnet.tenants[0].password", () -> TENANT_PASSWORD);
  }

  @Autowired
  ProcessEngine engine;

  @Autowired
  StartupDeployment startup;

  @Autowired
  DeploymentPipeline pipeline;

  @Test
  void theFoldersYamlAndBpmnAreDeployedAtStartUpTheTenantFolderForItsTenant() {
    // then
    RepositoryService repository = engine.getRepositoryService();
    for (String shared : List.of(MAIN, LIB, PLAIN)) {
      ProcessDefinition d = latest(shared);
      assertThat(d).as(shared).isNotNull();
      assertThat(d.getTenantId()).isNull();
      assertThat(repository.createDeploymentQuery().deploymentId(d.getDeploymentId()).singleResult().getName())
          .isEqualTo("jobnet-definitions");
    }
    assertThat(latest(MAIN).getResourceName()).isEqualTo(MAIN + ".bpmn");
    assertThat(latest(PLAIN).getResourceName()).isEqualTo("legacy/plain.bpmn");
    ProcessDefinition tenant = latest(TENANT_ROOT);
    assertThat(tenant.getTenantId()).isEqualTo(TENANT);
    assertThat(repository.createDeploymentQuery().deploymentId(tenant.getDeploymentId()).singleResult().getName())
        .isEqualTo("jobnet-definitions-" + TENANT);
  }

  @Test
  void aFileOfDatesOfTheFolderGivesItsCalendarItsHolidays() {
    // then
    assertThat(ExtensionProperties.of(engine.getRepositoryService().getBpmnModelInstance(latest(SCHEDULED).getId()),
        SCHEDULED)).containsEntry("jobnet.schedule.calendar.holidays", "2027-01-01,2028-01-01");
  }

  @Test
  void aSecondStartWithTheSameFilesCreatesNoVersion() {
    // given
    long versions = versionsOfTheFolder();
    long deployments = engine.getRepositoryService().createDeploymentQuery().count();
    // when: the engine app starts once more on the same database and folder
    try (ConfigurableApplicationContext second = SecondNode.start("second-start", folder,
        "--jobnet.tenants[0].id=" + TENANT, "--jobnet.tenants[0].password=" + TENANT_PASSWORD)) {
      // then
      assertThat(versionsOfTheFolder()).isEqualTo(versions);
      assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deployments);
      assertThat(second.getBean(ProcessEngine.class).getRepositoryService().createProcessDefinitionQuery()
          .processDefinitionKey(MAIN).count()).as("the second app runs on the same database").isEqualTo(versions(MAIN));
    }
  }

  @Test
  void aChangedFileCreatesAVersionOfItsRootOnly() throws IOException {
    // given
    long mainVersions = versions(MAIN);
    long libVersions = versions(LIB);
    write(folder.resolve("lib.yml"), DeploymentApiTestBase.root(LIB).replace("second: { run: /bin/true }",
        "second: { run: /bin/echo changed-" + UUID.randomUUID() + " }"));
    // when
    List<DeploymentOutcome> outcomes = startup.deployDefinitions();
    // then
    assertThat(outcomes.get(0).deployed()).extracting(RootVersion::rootId).containsExactly(LIB);
    assertThat(outcomes.get(0).unchanged()).extracting(RootVersion::rootId).contains(MAIN, PLAIN);
    assertThat(outcomes.get(1).tenant()).contains(TENANT);
    assertThat(outcomes.get(1).deployed()).isEmpty();
    assertThat(versions(LIB)).isEqualTo(libVersions + 1);
    assertThat(versions(MAIN)).isEqualTo(mainVersions);
  }

  @Test
  void twoNodesStartingAtOnceWithAChangedFileCreateOneVersion() throws Exception {
    // given
    long libVersions = versions(LIB);
    write(folder.resolve("lib.yml"), DeploymentApiTestBase.root(LIB).replace("second: { run: /bin/true }",
        "second: { run: /bin/echo both-" + UUID.randomUUID() + " }"));
    // when
    List<Object> results = Concurrently.run(
        () -> startup.deploy(List.of(folder), pipeline),
        () -> startup.deploy(List.of(folder), pipeline.asAnotherNode()));
    // then
    assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(List.class));
    assertThat(versions(LIB)).isEqualTo(libVersions + 1);
  }

  @Test
  void aFindingInAnyFileOfAnyTenantDeploysNothingAndNamesEveryFinding() throws IOException {
    // given: a valid shared file, a tenant file with a cycle, a BPMN file that is not XML
    Path other = Files.createTempDirectory("jobnet-definitions-bad");
    String valid = "st-valid-" + SUFFIX;
    write(other.resolve("valid.yaml"), DeploymentApiTestBase.root(valid));
    write(other.resolve("tenants/" + TENANT + "/cycle.yaml"), """
        jobnets:
          st-cycle-%s:
            jobs:
              a: { run: a.sh, next: b }
              b: { run: b.sh, next: a }
        """.formatted(SUFFIX));
    write(other.resolve("broken.bpmn"), TestBpmn.NOT_WELL_FORMED);
    long before = engine.getRepositoryService().createProcessDefinitionQuery().count();
    // when / then
    assertThatThrownBy(() -> startup.deploy(List.of(other), pipeline))
        .isInstanceOfSatisfying(DefinitionsRejectedException.class, e -> assertThat(e.problems())
            .extracting(Problem::code, Problem::file, Problem::line)
            .containsExactly(
                tuple("BPMN", other.resolve("broken.bpmn").toString(), 4),
                tuple("JN302", other.resolve("tenants/" + TENANT + "/cycle.yaml").toString(), 4)));
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().count()).isEqualTo(before);
    assertThat(versions(valid)).isZero();
  }

  @Test
  void aBpmnFileTheEngineRefusesIsLocatedAndNothingIsDeployed() throws IOException {
    // given: well-formed BPMN whose service task does nothing the engine knows
    Path other = Files.createTempDirectory("jobnet-definitions-refused");
    String valid = "st-valid2-" + SUFFIX;
    write(other.resolve("valid.yaml"), DeploymentApiTestBase.root(valid));
    write(other.resolve("refused.bpmn"), TestBpmn.plainProcess("st-refused-" + SUFFIX)
        .replace("<bpmn:endEvent id=\"end\"/>", "<bpmn:serviceTask id=\"end\"/>"));
    // when / then
    assertThatThrownBy(() -> startup.deploy(List.of(other), pipeline))
        .isInstanceOfSatisfying(DefinitionsRejectedException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.code()).isEqualTo("BPMN");
              assertThat(p.file()).isEqualTo(other.resolve("refused.bpmn").toString());
              assertThat(p.line()).isGreaterThan(1);
              assertThat(p.message()).contains("'end'");
            }));
    assertThat(versions(valid)).isZero();
  }

  @Test
  void aFolderOfATenantThatIsNotConfiguredStopsWithAClearError() throws IOException {
    // given
    Path other = Files.createTempDirectory("jobnet-definitions-tenant");
    write(other.resolve("tenants/nobody/x.yaml"), DeploymentApiTestBase.root("st-nobody-" + SUFFIX));
    // when / then
    assertThatThrownBy(() -> startup.deploy(List.of(other), pipeline))
        .isInstanceOf(DefinitionFolderException.class)
        .hasMessageContaining("tenant 'nobody', which is not configured")
        .hasMessageContaining(TENANT);
  }

  @Test
  void aLocationThatDoesNotExistIsOnlyAWarning() {
    // when
    List<DeploymentOutcome> outcomes = startup.deploy(List.of(folder.resolve("missing")), pipeline);
    // then
    assertThat(outcomes).isEmpty();
  }

  private long versionsOfTheFolder() {
    return versions(MAIN) + versions(LIB) + versions(PLAIN) + versions(TENANT_ROOT);
  }

  private long versions(String key) {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).count();
  }

  private ProcessDefinition latest(String key) {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
        .singleResult();
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
