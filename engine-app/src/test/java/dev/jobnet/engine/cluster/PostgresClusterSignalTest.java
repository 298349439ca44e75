package dev.jobnet.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.util.SingleConsumerCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two cluster signals on one real PostgreSQL database, as two engine nodes hold them: what one node
 * makes available wakes the long polls waiting on the other (in a node, a waiting long poll is a
 * condition of Camunda's {@code EXT_TASK_CONDITIONS}; here the test's own), and a signal survives
 * the loss of the connections it uses.
 */
class PostgresClusterSignalTest {

  private static TestDatabase db;
  private PostgresClusterSignal nodeA;
  private PostgresClusterSignal nodeB;
  private WaitingLongPoll poll;

  @BeforeAll
  static void database() {
    db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
  }

  @AfterEach
  void stop() {
    for (PostgresClusterSignal node : new PostgresClusterSignal[] {nodeA, nodeB}) {
      if (node != null) {
        node.stop();
      }
    }
    if (poll != null) {
      ProcessEngineImpl.EXT_TASK_CONDITIONS.removeConsumer(poll);
    }
  }

  /** A long poll waiting in this JVM: counts the wake-ups it gets. */
  static final class WaitingLongPoll extends SingleConsumerCondition {
    private volatile CountDownLatch woken = new CountDownLatch(1);

    WaitingLongPoll() {
      super(Thread.currentThread());
    }

    @Override
    public void signal() {
      woken.countDown();
      super.signal();
    }

    boolean wokenWithin(Duration d) throws InterruptedException {
      return woken.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    void reset() {
      woken = new CountDownLatch(1);
    }
  }

  private PostgresClusterSignal node() {
    PostgresClusterSignal node = new PostgresClusterSignal(db.url(), db.user(), db.password(), Duration.ofMillis(200));
    node.start();
    return node;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Node B listens, node A runs beside it, and a long poll waits on node B. */
  private void givenTwoNodesAndALongPollWaitingOnNodeB() throws InterruptedException {
    nodeB = node();
    await("node B listening", nodeB::listening);
    nodeA = node();
    poll = new WaitingLongPoll();
    ProcessEngineImpl.EXT_TASK_CONDITIONS.addConsumer(poll);
  }

  @Test
  void jobsMadeAvailableOnOneNodeWakeTheLongPollsWaitingOnTheOther() throws Exception {
    givenTwoNodesAndALongPollWaitingOnNodeB();
    // when: node A made jobs available
    nodeA.jobsAvailable();
    // then
    assertThat(poll.wokenWithin(Duration.ofSeconds(10))).as("the long poll woken").isTrue();
  }

  @Test
  void aListenerWhoseConnectionWasCutListensAgainAndWakesItsLongPollsForWhatItMissed() throws Exception {
    givenTwoNodesAndALongPollWaitingOnNodeB();
    nodeA.jobsAvailable();
    assertThat(poll.wokenWithin(Duration.ofSeconds(10))).as("the long poll woken before the cut").isTrue();
    poll.reset();
    // when: the database ends every connection of the signals (a restart, a failover)
    terminateSignalConnections();
    // then: node B listens again, and wakes its long polls once for what it may have missed meanwhile
    assertThat(poll.wokenWithin(Duration.ofSeconds(20))).as("woken after listening again").isTrue();
    await("node B listening again", nodeB::listening);
    // and: node A's signals (its sending connection was cut too) reach node B again
    poll.reset();
    nodeA.jobsAvailable();
    assertThat(poll.wokenWithin(Duration.ofSeconds(20))).as("the long poll woken after the cut").isTrue();
  }

  private static void terminateSignalConnections() throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
          + " AND application_name = 'jobnet cluster wake-up'");
    }
  }
}
