package dev.jobnet.engine.semantics;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

/**
 * The engine plugin that gives converted jobnets the semantics batch operators expect
 * ({@code docs/semantics.md}): a failed or stopped job lets its siblings finish, what depends on it is
 * SKIPPED, joins wait for every branch, {@code finally} runs after the main flow whatever its
 * outcome, a stopped jobnet skips its {@code finally}, and every jobnet ends with an outcome.
 *
 * <p>Needs the table {@code jobnet_node_state} (Flyway migration {@code V1}) in the engine's
 * database.
 */
public final class JobnetSemanticsPlugin extends AbstractProcessEnginePlugin {

  private final Integer historyDays;
  private final SemanticsListener listener;
  private final NodeStateStore store;

  /** Keeps the history time to live each jobnet's BPMN carries. */
  public JobnetSemanticsPlugin() {
    this(null);
  }

  /** Gives every jobnet this history time to live in days, whatever its BPMN says (null: keep it). */
  public JobnetSemanticsPlugin(Integer historyDays) {
    this(historyDays, SemanticsListener.NONE);
  }

  /**
   * Gives every jobnet this history time to live (null: keep the BPMN's) and tells {@code listener}
   * of every run started and every state recorded.
   */
  public JobnetSemanticsPlugin(Integer historyDays, SemanticsListener listener) {
    this.historyDays = historyDays;
    this.listener = listener;
    this.store = new NodeStateStore(listener);
  }

  /**
   * The store of this engine's states, telling this plugin's listener: for features that record states
   * of their own inside the engine's commands (an operator's force-stop).
   */
  public NodeStateStore store() {
    return store;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners();
    if (listeners == null) {
      listeners = new ArrayList<>();
      configuration.setCustomPostBPMNParseListeners(listeners);
    }
    listeners.add(new JobnetParseListener(store, new RunningKeyStore(), historyDays, listener));
    List<SessionFactory> sessions = configuration.getCustomSessionFactories();
    if (sessions == null) {
      sessions = new ArrayList<>();
      configuration.setCustomSessionFactories(sessions);
    }
    sessions.add(new NodeStateMemory.Factory());
  }
}
