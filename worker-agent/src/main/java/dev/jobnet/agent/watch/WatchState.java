package dev.jobnet.agent.watch;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a running job stands for the agent watching it: what the engine last said about its lock,
 * or how far stopping its process group has gone. Moves only along {@link #canBecome}.
 */
public enum WatchState {
  /** Running; the last heartbeat extended the lock (or none was due yet). */
  HELD,
  /** Running; the engine said the lock expired but nobody took the job: it goes on and reports later. */
  EXPIRED,
  /** Running; the last heartbeat did not reach the engine: the job goes on. */
  UNREACHABLE,
  /** TERM was sent to the process group; it has the kill grace to end. */
  TERMINATING,
  /** The kill grace ran out: KILL was sent, and is sent again until the group is gone. */
  KILLING,
  /** The process ended (or its group is gone); nothing more to watch. */
  ENDED;

  private static final Map<WatchState, Set<WatchState>> ALLOWED = new EnumMap<>(WatchState.class);

  static {
    ALLOWED.put(HELD, EnumSet.of(EXPIRED, UNREACHABLE, TERMINATING, ENDED));
    ALLOWED.put(EXPIRED, EnumSet.of(HELD, UNREACHABLE, TERMINATING, ENDED));
    ALLOWED.put(UNREACHABLE, EnumSet.of(HELD, EXPIRED, TERMINATING, ENDED));
    ALLOWED.put(TERMINATING, EnumSet.of(KILLING, ENDED));
    ALLOWED.put(KILLING, EnumSet.of(ENDED));
    ALLOWED.put(ENDED, EnumSet.noneOf(WatchState.class));
  }

  public boolean canBecome(WatchState next) {
    return ALLOWED.get(this).contains(next);
  }

  /** The command runs and nobody asked it to stop. */
  public boolean isRunning() {
    return this == HELD || this == EXPIRED || this == UNREACHABLE;
  }

  /** The process group was sent a signal and the agent waits for it to be gone. */
  public boolean isStopping() {
    return this == TERMINATING || this == KILLING;
  }
}
