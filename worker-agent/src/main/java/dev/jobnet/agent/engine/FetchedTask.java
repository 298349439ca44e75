package dev.jobnet.agent.engine;

import dev.jobnet.protocol.ProcessVariables;
import java.util.Map;
import java.util.Optional;

/**
 * A job as fetched and locked for this agent: ids, the engine's retry count (null before the first
 * failure), the converter's {@code jobnet.*} properties and the variables visible to it, as text.
 */
public record FetchedTask(
    String id,
    String topic,
    String activityId,
    String activityInstanceId,
    String processInstanceId,
    String businessKey,
    Integer retries,
    Map<String, String> properties,
    Map<String, String> variables) {

  public FetchedTask {
    properties = Map.copyOf(properties);
    variables = Map.copyOf(variables);
  }

  /**
   * The attempt whose start marker the fetch itself wrote for this agent ({@link
   * ProcessVariables#START_MARKED}); empty when the fetch wrote none (the agent then asks for it).
   */
  public Optional<Integer> markedAttempt() {
    String value = variables.get(ProcessVariables.START_MARKED);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
