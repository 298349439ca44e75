package dev.jobnet.engine.notify;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Where a mail of the outbox stands. Only a PENDING mail is ever sent. */
public enum OutboxState {
  /** Due, or waiting for its next try after a failed send. */
  PENDING,
  /** Handed to the mail server. */
  SENT,
  /** Nobody to send it to (no address known); never sent. */
  NO_RECIPIENT,
  /** Could not be sent for {@code jobnet.notify.give-up-after}; never sent. */
  GAVE_UP;

  private static final Map<OutboxState, Set<OutboxState>> ALLOWED = new EnumMap<>(OutboxState.class);

  static {
    ALLOWED.put(PENDING, EnumSet.of(SENT, NO_RECIPIENT, GAVE_UP));
    ALLOWED.put(SENT, EnumSet.noneOf(OutboxState.class));
    ALLOWED.put(NO_RECIPIENT, EnumSet.noneOf(OutboxState.class));
    ALLOWED.put(GAVE_UP, EnumSet.noneOf(OutboxState.class));
  }

  public boolean canBecome(OutboxState next) {
    return ALLOWED.get(this).contains(next);
  }

  public boolean isFinal() {
    return ALLOWED.get(this).isEmpty();
  }
}
