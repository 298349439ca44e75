package dev.jobnet.engine.semantics;

import dev.jobnet.engine.states.IllegalStateChangeException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Reads and writes {@code jobnet_node_state} ({@link NodeStateTable}) on the connection of the engine
 * command that is running, so states commit and roll back with the engine's own changes, and a state
 * written earlier in the same command (a chain of skips) is seen at once. Every state recorded goes
 * through the transition table of its states ({@link JobState} for a node, {@link RunState} for the run
 * itself) and is told to the {@link SemanticsListener} (the event log), in the same command. One per
 * engine: the {@link JobnetSemanticsPlugin} makes it, and the engine app hands it to the features that
 * record states of their own (an operator's force-stop).
 *
 * <p>What the command wrote, and what it read that no other command can change meanwhile, is
 * remembered for the rest of the command ({@link NodeStateMemory}): such a row is not read again,
 * and a write knows whether to UPDATE or INSERT. A row the memory does not know is inserted unless
 * it exists (one statement), and only when it exists read and updated.
 */
public final class NodeStateStore {

  /** Upstream and scope ids are looked up in chunks of this many. */
  static final int IN_CHUNK = 200;

  /** A state to record for one node of a run. */
  public record Entry(String processInstanceId, String elementId, String rootInstanceId, NodeKind kind,
      JobState state, String reason) {

    /** The node, as an operator names it: "job load of run 42", "run 42". */
    public String node() {
      return kind == NodeKind.ROOT ? "run " + processInstanceId
          : kind.property() + " " + elementId + " of run " + processInstanceId;
    }
  }

  private final SemanticsListener listener;

  /** A store that tells {@code listener} of every state it records. */
  public NodeStateStore(SemanticsListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  public Optional<JobState> state(String processInstanceId, String elementId) {
    NodeStateMemory memory = memory();
    Optional<NodeStateMemory.Known> known = memory.get(processInstanceId, elementId);
    if (known.isPresent()) {
      return Optional.of(known.get().state());
    }
    if (memory.absentUnlessKnown(processInstanceId)) {
      return Optional.empty();
    }
    return read(memory, processInstanceId, elementId);
  }

  /** The state in the database (not the memory's), remembered if it may be. */
  private Optional<JobState> read(NodeStateMemory memory, String processInstanceId, String elementId) {
    try {
      Optional<NodeStateTable.Node> node = NodeStateTable.node(connection(), processInstanceId, elementId);
      node.ifPresent(n -> memory.read(processInstanceId, elementId, n.kind(), n.state()));
      return node.map(NodeStateTable.Node::state);
    } catch (SQLException e) {
      throw failure("read the state of " + elementId, e);
    }
  }

  /** The reason recorded with a node's state, if any. */
  public Optional<String> reason(String processInstanceId, String elementId) {
    NodeStateMemory memory = memory();
    Optional<NodeStateMemory.Known> known = memory.get(processInstanceId, elementId);
    if (known.isPresent() && known.get().written()) {
      return Optional.ofNullable(known.get().reason());
    }
    if (known.isEmpty() && memory.absentUnlessKnown(processInstanceId)) {
      return Optional.empty();
    }
    try {
      return NodeStateTable.reason(connection(), processInstanceId, elementId);
    } catch (SQLException e) {
      throw failure("read the reason of " + elementId, e);
    }
  }

  /** The recorded states of those of {@code elementIds} that have one. */
  public Map<String, JobState> states(String processInstanceId, Collection<String> elementIds) {
    NodeStateMemory memory = memory();
    Map<String, JobState> result = new HashMap<>();
    Set<String> unknown = new LinkedHashSet<>();
    boolean absentUnlessKnown = memory.absentUnlessKnown(processInstanceId);
    for (String id : elementIds) {
      Optional<NodeStateMemory.Known> known = memory.get(processInstanceId, id);
      if (known.isPresent()) {
        result.put(id, known.get().state());
      } else if (!absentUnlessKnown) {
        unknown.add(id);
      }
    }
    Iterator<String> it = unknown.iterator();
    while (it.hasNext()) {
      List<String> chunk = new ArrayList<>(IN_CHUNK);
      while (it.hasNext() && chunk.size() < IN_CHUNK) {
        chunk.add(it.next());
      }
      try {
        NodeStateTable.nodes(connection(), processInstanceId, chunk).forEach((id, node) -> {
          result.put(id, node.state());
          memory.read(processInstanceId, id, node.kind(), node.state());
        });
      } catch (SQLException e) {
        throw failure("read the states of " + chunk, e);
      }
    }
    return result;
  }

  /**
   * Records a jobnet's outcome ({@link Outcomes}: FAILED when a direct child FAILED or was STOPPED, else
   * SUCCEEDED) and tells the listener, without reading a row, when this command knows the state of every
   * child (it wrote the row, read a final state it may trust ({@link NodeStateMemory}), or started the
   * run) and the jobnet has no row of its own: one statement, the insert. A jobnet's end whose children
   * all ended in its own command (a run of one job) then reads nothing.
   *
   * @param elementId the jobnet (a root: {@link JobnetVariables#PROCESS_ELEMENT}); its state and reason
   *     are the outcome's
   * @param children its direct children
   * @return the outcome recorded; empty, with nothing written, when a child's state is not known here or
   *     the jobnet has a row (an operator held or stopped it, a rerun carried it): the caller then
   *     decides from what is recorded
   */
  Optional<Outcomes.Outcome> recordOutcomeOfKnownChildren(String processInstanceId, String elementId,
      String rootInstanceId, NodeKind kind, List<String> children, DelegateExecution execution) {
    NodeStateMemory memory = memory();
    boolean absentUnlessKnown = memory.absentUnlessKnown(processInstanceId);
    Map<String, JobState> states = new HashMap<>();
    for (String child : children) {
      Optional<NodeStateMemory.Known> known = memory.get(processInstanceId, child);
      if (known.isPresent()) {
        states.put(child, known.get().state());
      } else if (!absentUnlessKnown) {
        return Optional.empty();
      }
    }
    if (memory.get(processInstanceId, elementId).isPresent()) {
      return Optional.empty();
    }
    Outcomes.Outcome outcome = Outcomes.of(children, states);
    Entry entry = new Entry(processInstanceId, elementId, rootInstanceId, kind, outcome.state(), outcome.reason());
    return insertFirst(memory, entry, reason(entry), now(), execution) ? Optional.of(outcome) : Optional.empty();
  }

  /**
   * Records a state, replacing an earlier one of the same node.
   *
   * @throws IllegalStateChangeException when the node's states do not allow the change
   */
  public void record(Entry entry) {
    record(entry, null);
  }

  /**
   * Records a state, replacing an earlier one of the same node, and tells the listener.
   *
   * @param execution the execution the state comes from (ended, skipped), or null
   * @throws IllegalStateChangeException when the node's states do not allow the change
   */
  public void record(Entry entry, DelegateExecution execution) {
    write(entry, execution, false);
  }

  /**
   * Records a state and tells the listener, unless the node has a final state already (then nothing
   * happens): the same as reading the state first and recording only when it is not final.
   *
   * @return whether the state was recorded
   * @throws IllegalStateChangeException when the node's states do not allow the change
   */
  boolean recordUnlessFinal(Entry entry, DelegateExecution execution) {
    return write(entry, execution, true);
  }

  /**
   * Removes a node's hold (an operator released it): its row goes, and the node is WAITING again (a
   * run: RUNNING), through the transition table. The listener is not told: the operator's action is
   * its own event.
   *
   * @param entry the node, with the state it returns to: WAITING (for a run, {@code null}), and why
   * @return false when the node had no hold (no row)
   * @throws IllegalStateChangeException when its recorded state is not ON_HOLD
   */
  public boolean release(Entry entry) {
    NodeStateMemory memory = memory();
    Optional<JobState> recorded = state(entry.processInstanceId(), entry.elementId());
    if (recorded.isEmpty()) {
      return false;
    }
    checkChange(entry, recorded.get());
    try {
      NodeStateTable.delete(connection(), entry.processInstanceId(), entry.elementId());
    } catch (SQLException e) {
      throw failure("release " + entry.elementId(), e);
    }
    memory.removed(entry.processInstanceId(), entry.elementId());
    return true;
  }

  /**
   * The run {@code processInstanceId} was started by the command running now, with no states carried
   * into it: until the command ends, its nodes have no state but those it records here, so none is read.
   */
  void born(String processInstanceId) {
    memory().born(processInstanceId);
  }

  /**
   * A rerun's new run adopts the states carried over from the old run ({@link NodeStateTable#carry}),
   * before its flow reaches a gate.
   */
  void adoptCarried(String oldRunId, String processInstanceId, String rootInstanceId) {
    try {
      NodeStateTable.adopt(connection(), oldRunId, processInstanceId, rootInstanceId);
    } catch (SQLException e) {
      throw failure("carry the states of run " + oldRunId + " over", e);
    }
  }

  private boolean write(Entry entry, DelegateExecution execution, boolean unlessFinal) {
    NodeStateMemory memory = memory();
    Timestamp now = now();
    String reason = reason(entry);
    Optional<JobState> recorded = memory.get(entry.processInstanceId(), entry.elementId())
        .map(NodeStateMemory.Known::state);
    if (recorded.isEmpty()) {
      if (insertFirst(memory, entry, reason, now, execution)) {
        return true;
      }
      recorded = read(memory, entry.processInstanceId(), entry.elementId()); // another recorded it first
    }
    JobState previous = recorded.orElse(null);
    if (unlessFinal && previous != null && previous.isFinal()) {
      return false;
    }
    checkChange(entry, previous);
    if (!update(entry, reason, now)) {
      insert(entry, reason, now); // gone meanwhile: only if the run was removed, which then fails this command
    }
    return recorded(memory, entry, reason, previous, execution);
  }

  /**
   * Records a node's first state if it has no row (one statement that reads nothing first) and tells
   * the listener: the change is then from no state, which the table must allow (it allows every final
   * state today; a state it does not allow from none is not inserted, and the caller reads and checks).
   *
   * @return whether it was recorded; false, with nothing written, when the node has a row
   */
  private boolean insertFirst(NodeStateMemory memory, Entry entry, String reason, Timestamp now,
      DelegateExecution execution) {
    return allows(entry, null) && insertIfAbsent(entry, reason, now)
        && recorded(memory, entry, reason, null, execution);
  }

  private static Timestamp now() {
    return new Timestamp(ClockUtil.getCurrentTime().getTime());
  }

  /** The entry's reason as its column keeps it. */
  private static String reason(Entry entry) {
    return entry.reason() == null ? null : truncate(entry.reason(), 4000);
  }

  /**
   * Passes the change from {@code previous} (null: none recorded) to the entry's state through the
   * table: a run's own ({@link RunState}), else a node's ({@link JobState}).
   */
  static void checkChange(Entry entry, JobState previous) {
    if (entry.kind() == NodeKind.ROOT) {
      RunState.ofRecorded(previous).becomes(RunState.ofRecorded(entry.state()), entry.node());
    } else {
      JobState.ofRecorded(previous).becomes(entry.state(), entry.node());
    }
  }

  /** Whether the table allows the change from {@code previous} (null: none recorded) to the entry's state. */
  static boolean allows(Entry entry, JobState previous) {
    if (entry.kind() == NodeKind.ROOT) {
      return RunState.ofRecorded(previous).canBecome(RunState.ofRecorded(entry.state()));
    }
    return JobState.ofRecorded(previous).canBecome(entry.state());
  }

  private boolean recorded(NodeStateMemory memory, Entry entry, String reason, JobState previous,
      DelegateExecution execution) {
    memory.wrote(entry, reason);
    listener.stateRecorded(new SemanticsListener.StateRecorded(entry, previous, execution));
    return true;
  }

  private static NodeStateTable.Written row(Entry entry, String reason, Timestamp now) {
    return new NodeStateTable.Written(entry.processInstanceId(), entry.elementId(), entry.rootInstanceId(),
        entry.kind(), entry.state(), reason, now);
  }

  private static boolean insertIfAbsent(Entry entry, String reason, Timestamp now) {
    try {
      return NodeStateTable.insertIfAbsent(connection(), row(entry, reason, now));
    } catch (SQLException e) {
      throw failure("record " + entry.state() + " for " + entry.elementId(), e);
    }
  }

  private static void insert(Entry entry, String reason, Timestamp now) {
    try {
      NodeStateTable.insert(connection(), row(entry, reason, now));
    } catch (SQLException e) {
      throw failure("record " + entry.state() + " for " + entry.elementId(), e);
    }
  }

  /** False when there is no row to update. */
  private static boolean update(Entry entry, String reason, Timestamp now) {
    try {
      return NodeStateTable.update(connection(), row(entry, reason, now));
    } catch (SQLException e) {
      throw failure("record " + entry.state() + " for " + entry.elementId(), e);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  /** SQLSTATE of a unique or primary key violation (PostgreSQL and H2 alike). */
  static final String UNIQUE_VIOLATION = "23505";
  /** SQLSTATE of H2's "Timeout trying to lock table": another transaction holds the row. */
  static final String H2_LOCK_TIMEOUT = "HYT00";

  private static Connection connection() {
    return commandContext().getDbSqlSession().getSqlSession().getConnection();
  }

  private static NodeStateMemory memory() {
    return NodeStateMemory.of(commandContext());
  }

  private static CommandContext commandContext() {
    CommandContext context = Context.getCommandContext();
    if (context == null) {
      throw new IllegalStateException("jobnet states are written inside engine commands only");
    }
    return context;
  }

  /**
   * A statement on the states failed. A primary key violation, or a lock on the row not got in time
   * (H2 gives up waiting where PostgreSQL waits and then finds the key taken), means another
   * transaction recorded the node's first state between this command's look and its insert (a stop
   * racing a job's end): that is Camunda's optimistic locking failure, which makes the loser's caller try again on what the
   * winner wrote (the agent's report is sent again, an operator's stop looks again), instead of a
   * server error.
   */
  static ProcessEngineException failure(String what, SQLException e) {
    if (UNIQUE_VIOLATION.equals(e.getSQLState()) || H2_LOCK_TIMEOUT.equals(e.getSQLState())) {
      OptimisticLockingException concurrent = new OptimisticLockingException("jobnet: could not " + what
          + ": another transaction recorded it at the same time");
      concurrent.initCause(e);
      return concurrent;
    }
    return new ProcessEngineException("jobnet: could not " + what + ": " + e.getMessage(), e);
  }
}
