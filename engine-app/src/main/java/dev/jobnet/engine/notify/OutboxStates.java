package dev.jobnet.engine.notify;

import dev.jobnet.engine.notify.impl.OutboxTable;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The outbox in numbers, for the metrics ({@code docs/metrics.md}): how many mails are in each
 * {@link OutboxState}, every state present (0 included), in one grouped query. The outbox table exists
 * whether or not a mail server is configured.
 */
@Component
public class OutboxStates {

  private final OutboxTable outbox;

  OutboxStates(OutboxTable outbox) {
    this.outbox = outbox;
  }

  /** How many mails of the outbox are in each state. */
  public Map<OutboxState, Long> count() {
    Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
    for (OutboxState state : OutboxState.values()) {
      counts.put(state, 0L);
    }
    outbox.countByState().forEach((state, n) -> counts.put(OutboxState.valueOf(state), n));
    return Map.copyOf(counts);
  }
}
