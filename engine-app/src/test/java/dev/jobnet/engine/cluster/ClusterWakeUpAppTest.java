package dev.jobnet.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The engine app as one node of a cluster: a job it makes available (a run's first job created,
 * a job unlocked) is told to the other nodes on PostgreSQL, once per command; on H2 it is one node
 * and tells nobody.
 */
class ClusterWakeUpAppTest extends EngineAppTest {

  @Autowired
  ProcessEngine engine;
  @Autowired
  ClusterSignal signal;
  @Autowired
  TestRestTemplate rest;

  @Test
  void aJobCreatedOrUnlockedHereIsToldToTheOtherNodesOnPostgresOnly() throws Exception {
    if (TestDatabase.shared().kind() == TestDatabase.Kind.H2) {
      assertThat(signal).as("one node on H2").isSameAs(ClusterSignal.SINGLE_NODE);
      return;
    }
    PostgresClusterSignal node = (PostgresClusterSignal) signal;
    String key = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, null, """
        jobnets:
          %s:
            jobs:
              only: { run: echo hello, server: %s }
        """.formatted(key, key));
    try (Connection other = TestDatabase.shared().connect()) {
      other.setAutoCommit(true);
      try (Statement s = other.createStatement()) {
        s.execute("LISTEN " + PostgresClusterSignal.CHANNEL);
      }
      // when: a run starts (its first job is created), and its job is fetched and unlocked again
      engine.getRuntimeService().startProcessInstanceByKey(key);
      List<String> fromStart = heard(other);
      String task = engine.getExternalTaskService().fetchAndLock(1, "cluster-test").topic("jobnet." + key, 60_000)
          .execute().get(0).getId();
      engine.getExternalTaskService().unlock(task);
      List<String> fromUnlock = heard(other);
      // then: each reached another listener of the database, with this node's id
      assertThat(fromStart).contains(node.nodeId());
      assertThat(fromUnlock).contains(node.nodeId());
    }
  }

  @Test
  void theHealthSaysWhetherThisNodeHearsTheOthers() throws Exception {
    var health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForObject("/actuator/health", String.class));
    var component = health.path("components").path("clusterWakeUp");
    if (TestDatabase.shared().kind() == TestDatabase.Kind.H2) {
      assertThat(component.path("status").asText()).isEqualTo("UP");
      assertThat(component.path("details").path("wakeUp").asText()).startsWith("off: one node");
      return;
    }
    PostgresClusterSignal node = (PostgresClusterSignal) signal;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!node.listening() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForObject("/actuator/health", String.class));
    component = health.path("components").path("clusterWakeUp");
    assertThat(component.path("status").asText()).isEqualTo("UP");
    assertThat(component.path("details").path("listening").asBoolean()).isTrue();
    assertThat(component.path("details").path("node").asText()).isEqualTo(node.nodeId());
  }

  /** The signals heard on {@code c} within 10 s (at least one, or none after 10 s). */
  private static List<String> heard(Connection c) throws Exception {
    List<String> payloads = new ArrayList<>();
    PGNotification[] n = c.unwrap(PGConnection.class).getNotifications(10_000);
    if (n != null) {
      for (PGNotification one : n) {
        payloads.add(one.getParameter());
      }
    }
    return payloads;
  }
}
