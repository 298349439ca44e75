package dev.jobnet.agent.engine;

import java.util.Map;

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
}
