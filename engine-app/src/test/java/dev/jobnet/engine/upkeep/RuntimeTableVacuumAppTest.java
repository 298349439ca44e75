package dev.jobnet.engine.upkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine app's own vacuum of the runtime tables: on PostgreSQL it leaves no dead row of the jobs
 * that ran; on H2 there is nothing to do.
 */
class RuntimeTableVacuumAppTest extends EngineAppTest {

  @Autowired
  DataSource dataSource;
  @Autowired
  ProcessEngine engine;

  @Test
  void onPostgresTheDeadRowsOfFinishedJobsAreGoneAfterARoundAndOnH2NothingIsDone() throws Exception {
    // given: jobs that ran and left the runtime tables (dead rows on PostgreSQL)
    String server = "vacuum-" + UUID.randomUUID().toString().substring(0, 8);
    String key = "vacuum-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, null, """
        jobnets:
          %s:
            jobs:
              only: { run: echo hello, server: %s }
        """.formatted(key, server));
    for (int i = 0; i < 20; i++) {
      engine.getRuntimeService().startProcessInstanceByKey(key);
    }
    for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(20, "vacuum-agent")
        .topic("jobnet." + server, 60_000).execute()) {
      engine.getExternalTaskService().complete(t.getId(), "vacuum-agent");
    }
    RuntimeTableVacuum vacuum = new RuntimeTableVacuum(dataSource,
        new UpkeepProperties(VacuumMode.ALWAYS, Duration.ofSeconds(20)));

    // when
    boolean vacuumed = vacuum.round();

    // then
    if (TestDatabase.shared().kind() == TestDatabase.Kind.H2) {
      assertThat(vacuumed).isFalse();
      return;
    }
    assertThat(vacuumed).isTrue();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Long dead = null;
    while (System.nanoTime() < deadline) {
      dead = deadRowsOfExternalTasksSinceAVacuum();
      if (dead != null && dead == 0) {
        return;
      }
      Thread.sleep(100); // the server's statistics reach pg_stat_user_tables within a second
    }
    throw new AssertionError("act_ru_ext_task not vacuumed, or dead rows left: " + dead);
  }

  @Test
  void aRoundThatCannotReachTheDatabaseSaysSo() {
    RuntimeTableVacuum vacuum = new RuntimeTableVacuum(new org.springframework.jdbc.datasource.DriverManagerDataSource(
        "jdbc:postgresql://127.0.0.1:1/none"), new UpkeepProperties(VacuumMode.ALWAYS, Duration.ofSeconds(20)));
    assertThatThrownBy(vacuum::round).isInstanceOf(java.sql.SQLException.class);
    vacuum.scheduled(); // logged, not thrown: the next round tries again
  }

  /** Dead rows of act_ru_ext_task as the server counts them, or null before its first vacuum. */
  private Long deadRowsOfExternalTasksSinceAVacuum() throws Exception {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT n_dead_tup, last_vacuum FROM pg_stat_user_tables WHERE relname = 'act_ru_ext_task'");
        ResultSet rs = s.executeQuery()) {
      return rs.next() && rs.getTimestamp(2) != null ? rs.getLong(1) : null;
    }
  }
}
