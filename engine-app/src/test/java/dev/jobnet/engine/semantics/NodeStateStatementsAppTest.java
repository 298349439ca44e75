package dev.jobnet.engine.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jobnet.engine.testing.Agents;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.protocol.ProcessVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many statements a job costs on {@code jobnet_node_state} (issue 11: throughput), counted on the
 * app's own DataSource while the test completes jobs through the ExternalTaskService as an agent
 * would; and that the states, reasons and events stay what they were.
 */
@Import(NodeStateStatements.Counting.class)
class NodeStateStatementsAppTest extends EngineAppTest {

  private static final String WORKER = "agent-1";

  @Autowired
  ProcessEngine engine;
  @Autowired
  DataSource dataSource;

  @Test
  void aJobOfASequenceCostsTwoStatementsOnTheNodeStates() {
    // given: a root of five jobs in a row
    String key = deploy("""
        jobnets:
          seq-$:
            jobs:
              a: { run: a.sh, next: b }
              b: { run: b.sh, next: c }
              c: { run: c.sh, next: d }
              d: { run: d.sh, next: e }
              e: e.sh
        """);

    // when: it starts and each job is completed in turn
    NodeStateStatements.watch();
    String run = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    List<String> atStart = NodeStateStatements.take();
    List<List<String>> perJob = new ArrayList<>();
    for (String job : List.of("a", "b", "c", "d", "e")) {
      String task = Agents.fetch(engine, run, job, WORKER).getId();
      NodeStateStatements.take(); // fetching reads no state; counted apart in any case
      engine.getExternalTaskService().complete(task, WORKER);
      perJob.add(NodeStateStatements.take());
    }
    Agents.awaitEnded(engine, run);

    // then: the first gate reads nothing (the run is new: nobody can have recorded a state of it); a
    // job's complete writes its state and lets the next gate read the root's; the last one also ends the
    // root (reads its state with its children's, writes its outcome)
    assertThat(atStart).as("statements on jobnet_node_state as the run starts: %s", atStart).isEmpty();
    assertThat(perJob).as("statements on jobnet_node_state per completed job: %s", perJob)
        .extracting(List::size).containsExactly(2, 2, 2, 2, 3);
    assertThat(states(run)).isEqualTo(Map.of("a", "SUCCEEDED/", "b", "SUCCEEDED/", "c", "SUCCEEDED/",
        "d", "SUCCEEDED/", "e", "SUCCEEDED/", JobnetVariables.PROCESS_ELEMENT, "SUCCEEDED/"));
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName(ProcessVariables.OUTCOME).singleResult().getValue()).isEqualTo("SUCCEEDED");
    assertThat(events(run)).containsExactly(
        tuple("JOBNET_STARTED", null), tuple("JOB_SUCCEEDED", "a"), tuple("JOB_SUCCEEDED", "b"),
        tuple("JOB_SUCCEEDED", "c"), tuple("JOB_SUCCEEDED", "d"), tuple("JOB_SUCCEEDED", "e"),
        tuple("JOBNET_ENDED", null));
  }

  @Test
  void aRunOfOneJobEndsWithoutReadingAStateWhateverTheJobsOutcome() {
    // given: a root of one job, run twice
    String key = deploy("""
        jobnets:
          one-$:
            jobs:
              a: a.sh
        """);
    String good = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    String bad = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    String goodTask = Agents.fetch(engine, good, "a", WORKER).getId();
    String badTask = Agents.fetch(engine, bad, "a", WORKER).getId();

    // when: one job succeeds, the other fails; each complete ends its run
    NodeStateStatements.watch();
    engine.getExternalTaskService().complete(goodTask, WORKER);
    List<String> succeeding = NodeStateStatements.take();
    engine.getExternalTaskService().complete(badTask, WORKER, null, Map.of(ProcessVariables.RESULT, "FAILED",
        ProcessVariables.RESULT_REASON, "exit status 3"));
    List<String> failing = NodeStateStatements.take();
    Agents.awaitEnded(engine, good);
    Agents.awaitEnded(engine, bad);

    // then: the job's state and the run's outcome are written, and nothing is read: the command knows
    // the run's only child (it wrote its state) and the run has no row of its own
    assertThat(succeeding).as("statements on jobnet_node_state as the run ends: %s", succeeding).hasSize(2)
        .allSatisfy(sql -> assertThat(sql).containsIgnoringCase("INSERT INTO jobnet_node_state"));
    assertThat(failing).as("statements on jobnet_node_state as the run ends: %s", failing).hasSize(2)
        .allSatisfy(sql -> assertThat(sql).containsIgnoringCase("INSERT INTO jobnet_node_state"));
    assertThat(states(good)).isEqualTo(Map.of("a", "SUCCEEDED/", JobnetVariables.PROCESS_ELEMENT, "SUCCEEDED/"));
    assertThat(states(bad)).isEqualTo(Map.of("a", "FAILED/exit status 3",
        JobnetVariables.PROCESS_ELEMENT, "FAILED/a FAILED"));
    for (String run : List.of(good, bad)) {
      assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
          .variableName(ProcessVariables.OUTCOME).singleResult().getValue())
          .isEqualTo(run.equals(good) ? "SUCCEEDED" : "FAILED");
    }
    assertThat(events(good)).containsExactly(
        tuple("JOBNET_STARTED", null), tuple("JOB_SUCCEEDED", "a"), tuple("JOBNET_ENDED", null));
    assertThat(events(bad)).containsExactly(
        tuple("JOBNET_STARTED", null), tuple("JOB_FAILED", "a"), tuple("JOBNET_ENDED", null));
  }

  @Test
  void aWideRunAndItsNestedJobnetStartWithoutReadingAState() {
    // given: a root whose nested jobnet and twenty jobs all start at once, and are joined by a last job
    StringBuilder yaml = new StringBuilder("jobnets:\n  wide-$:\n    jobs:\n");
    for (int i = 0; i < 20; i++) {
      yaml.append("      j").append(i).append(": { run: j").append(i).append(".sh, next: last }\n");
    }
    yaml.append("      inner:\n        next: last\n        jobnet:\n          jobs:\n            one: one.sh\n");
    yaml.append("      last: last.sh\n");
    String key = deploy(yaml.toString());

    // when
    NodeStateStatements.watch();
    String run = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    List<String> atStart = NodeStateStatements.take();

    // then: 22 gates, not one statement; every job that starts waits for its agent, none skipped or held
    assertThat(atStart).as("statements on jobnet_node_state as the run starts: %s", atStart).isEmpty();
    assertThat(engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run).count())
        .isEqualTo(21);
    assertThat(states(run)).isEmpty();
  }

  @Test
  void aFailureSkipsWhatFollowsInOneCommandAndTheJobnetsEndFailed() {
    // given: a nested jobnet whose second job fails, so its third is skipped; a job after the jobnet
    String key = deploy("""
        jobnets:
          skip-$:
            jobs:
              inner:
                jobnet:
                  jobs:
                    one: { run: one.sh, next: two }
                    two: { run: two.sh, next: three }
                    three: three.sh
                next: after
              after: after.sh
        """);
    String run = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    engine.getExternalTaskService().complete(Agents.fetch(engine, run, "inner.one", WORKER).getId(), WORKER);
    String two = Agents.fetch(engine, run, "inner.two", WORKER).getId();

    // when: two fails, which skips three, ends inner FAILED, skips after and ends the root, in one command
    NodeStateStatements.watch();
    engine.getExternalTaskService().complete(two, WORKER, null, Map.of(ProcessVariables.RESULT, "FAILED",
        ProcessVariables.RESULT_REASON, "exit status 2"));
    List<String> failing = NodeStateStatements.take();
    Agents.awaitEnded(engine, run);

    // then
    // two, three, inner (its state read with one's, then written), after, and the root: its children
    // inner and after were both written in this command, so its outcome is written without a read
    assertThat(failing).as("statements on jobnet_node_state as two fails: %s", failing).hasSize(8);
    assertThat(states(run)).isEqualTo(Map.of(
        "after", "SKIPPED/upstream inner FAILED",
        "inner", "FAILED/inner.two FAILED",
        "inner.one", "SUCCEEDED/",
        "inner.three", "SKIPPED/upstream inner.two FAILED",
        "inner.two", "FAILED/exit status 2",
        JobnetVariables.PROCESS_ELEMENT, "FAILED/inner FAILED"));
    assertThat(events(run)).containsExactly(
        tuple("JOBNET_STARTED", null), tuple("JOB_SUCCEEDED", "inner.one"), tuple("JOB_FAILED", "inner.two"),
        tuple("JOB_SKIPPED", "inner.three"), tuple("JOB_FAILED", "inner"), tuple("JOB_SKIPPED", "after"),
        tuple("JOBNET_ENDED", null));
  }

  @Test
  void onlyARunStartedWithABusinessKeyClaimsAndReleasesOne() {
    // given: a root of one job
    String key = deploy("""
        jobnets:
          keys-$:
            jobs:
              a: a.sh
        """);

    // when: one run without a business key and one with, each started and its job completed
    List<List<String>> withoutKey = runCountingKeyStatements(key, null);
    List<List<String>> withKey = runCountingKeyStatements(key, "order-" + UUID.randomUUID());

    // then: without a key, no statement on jobnet_running_key at all, start or end; with one, the
    // start looks for a holder and inserts, the end deletes
    assertThat(withoutKey).as("statements on jobnet_running_key without a business key: %s", withoutKey)
        .containsExactly(List.of(), List.of());
    assertThat(withKey).as("statements on jobnet_running_key with a business key: %s", withKey)
        .extracting(List::size).containsExactly(2, 1);
    assertThat(withKey.get(1).get(0)).containsIgnoringCase("DELETE FROM jobnet_running_key");
  }

  /** The statements on jobnet_running_key as a run starts, then as its one job completes and it ends. */
  private List<List<String>> runCountingKeyStatements(String key, String businessKey) {
    dev.jobnet.engine.testing.StatementCounter.watch(
        dev.jobnet.engine.testing.StatementCounter.naming("jobnet_running_key"));
    String run = engine.getRuntimeService().startProcessInstanceByKey(key, businessKey).getId();
    List<String> atStart = dev.jobnet.engine.testing.StatementCounter.take();
    String task = Agents.fetch(engine, run, "a", WORKER).getId();
    dev.jobnet.engine.testing.StatementCounter.take();
    engine.getExternalTaskService().complete(task, WORKER);
    List<String> atEnd = dev.jobnet.engine.testing.StatementCounter.take();
    Agents.awaitEnded(engine, run);
    return List.of(atStart, atEnd);
  }

  private String deploy(String yaml) {
    String key = "k" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, yaml.replace("$", key));
    return yaml.lines().filter(l -> l.contains("$:")).findFirst().orElseThrow().strip().replace("$:", key);
  }

  /** Element id to "STATE/reason". */
  private Map<String, String> states(String run) {
    Map<String, String> states = new LinkedHashMap<>();
    new JdbcTemplate(dataSource).query("SELECT element_id, state, reason FROM jobnet_node_state"
        + " WHERE process_instance_id = ?", rs -> {
          states.put(rs.getString(1), rs.getString(2) + "/" + (rs.getString(3) == null ? "" : rs.getString(3)));
        }, run);
    return states;
  }

  private List<org.assertj.core.groups.Tuple> events(String run) {
    return new JdbcTemplate(dataSource).query("SELECT kind, element_id FROM jobnet_event WHERE root_run_id = ?"
        + " ORDER BY id", (rs, i) -> tuple(rs.getString(1), rs.getString(2)), run);
  }
}
