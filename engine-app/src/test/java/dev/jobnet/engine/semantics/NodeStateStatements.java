package dev.jobnet.engine.semantics;

import dev.jobnet.engine.testing.StatementCounter;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** The statements that run on {@code jobnet_node_state} ({@link StatementCounter}, filtered by the table). */
final class NodeStateStatements {

  private NodeStateStatements() {}

  /** From now on, counts what the calling thread runs on the table, from zero. */
  static void watch() {
    StatementCounter.watch(StatementCounter.naming("jobnet_node_state"));
  }

  /** The statements counted since {@link #watch()} or the last {@code take}, in order; starts again from zero. */
  static List<String> take() {
    return StatementCounter.take();
  }

  /** Wraps the app's DataSource; {@code @Import} it into the test. */
  @TestConfiguration(proxyBeanMethods = false)
  @Import(StatementCounter.Counting.class)
  static class Counting {}
}
