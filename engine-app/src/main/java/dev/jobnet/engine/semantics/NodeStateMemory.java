package dev.jobnet.engine.semantics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

/**
 * What one engine command knows of {@code jobnet_node_state}, so that {@link NodeStateStore} reads a
 * row at most once in it and writes without probing. It keeps only what no other transaction can
 * change before the command ends:
 *
 * <ul>
 *   <li>the rows the command wrote: its transaction holds them (an UPDATE's row lock, an INSERT's
 *       key) until it commits or rolls back, so another writer waits or fails;
 *   <li>the final states of jobs and expansions it read: those rows are written only by commands
 *       that run on the node's own execution (its gate, its end, the end of the run it expanded),
 *       which Camunda serialises through the execution's optimistic lock, and are never changed once
 *       final while the run lives.
 * </ul>
 *
 * <p>Not kept: what it read of roots, jobnets and finally blocks, and rows it found absent. An
 * operator's force-stop ({@code operations.ForceStop}) marks a root or a jobnet STOPPED in a command
 * of its own that touches no execution, so nothing serialises it with this one; and a node of a
 * parallel branch may end meanwhile. Those are read from the database every time, as before.
 *
 * <p>One exception: a run this command started ({@link #born}) has no rows but those the command writes.
 * Its process instance id is new in this transaction, which no other transaction sees before it commits,
 * so nobody else can have recorded a state of it: its gates and ends read nothing (a run a rerun starts
 * adopts carried rows, and is not born).
 *
 * <p>A Camunda {@link Session}: one per {@link CommandContext}, opened by the command's first use and
 * closed with the context, whether the command succeeds or fails; a new command starts empty.
 */
final class NodeStateMemory implements Session {

  /** A row this command wrote or may trust from a read: its state, and its reason when written. */
  record Known(JobState state, String reason, boolean written) {}

  private record Key(String processInstanceId, String elementId) {}

  private final Map<Key, Known> known = new HashMap<>();
  private final Set<String> born = new HashSet<>();

  /** The memory of the command running now; a throwaway one on an engine without the plugin. */
  static NodeStateMemory of(CommandContext context) {
    if (context.getProcessEngineConfiguration().getSessionFactories().containsKey(NodeStateMemory.class)) {
      return context.getSession(NodeStateMemory.class);
    }
    return new NodeStateMemory();
  }

  Optional<Known> get(String processInstanceId, String elementId) {
    return Optional.ofNullable(known.get(new Key(processInstanceId, elementId)));
  }

  /** This command started the run {@code processInstanceId}, with nothing carried into it: it has no rows yet. */
  void born(String processInstanceId) {
    born.add(processInstanceId);
  }

  /** Whether a row of the run that this memory does not know is absent for sure (the run was born in this command). */
  boolean absentUnlessKnown(String processInstanceId) {
    return born.contains(processInstanceId);
  }

  /** This command wrote the row. */
  void wrote(NodeStateStore.Entry entry, String reason) {
    known.put(new Key(entry.processInstanceId(), entry.elementId()), new Known(entry.state(), reason, true));
  }

  /** This command removed the row: it is read again when asked for. */
  void removed(String processInstanceId, String elementId) {
    known.remove(new Key(processInstanceId, elementId));
  }

  /** This command read the row; kept only when no other command may change it meanwhile. */
  void read(String processInstanceId, String elementId, NodeKind kind, JobState state) {
    if (state.isFinal() && (kind == NodeKind.JOB || kind == NodeKind.EXPANSION)) {
      known.putIfAbsent(new Key(processInstanceId, elementId), new Known(state, null, false));
    }
  }

  @Override
  public void flush() {
    // the store writes at once, on the command's connection: nothing is held back
  }

  @Override
  public void close() {
    known.clear();
    born.clear();
  }

  /** Registered with the engine by {@link JobnetSemanticsPlugin}. */
  static final class Factory implements SessionFactory {

    @Override
    public Class<?> getSessionType() {
      return NodeStateMemory.class;
    }

    @Override
    public Session openSession() {
      return new NodeStateMemory();
    }
  }
}
