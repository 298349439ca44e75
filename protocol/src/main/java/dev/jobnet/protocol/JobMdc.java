package dev.jobnet.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The job the lines logged on this thread are about, in the MDC, until {@link #close()} puts back what
 * was there. Keys without a value are left out. The engine app and the agents use the same keys with
 * the meanings of the engine's events ({@code docs/events.md}): one grep over both logs joins them.
 *
 * <pre>{@code
 * try (JobMdc ignored = JobMdc.of(rootRunId, runId, jobPath, taskId, attempt, agent)) {
 *   LOG.info("started");   // ... rootRunId=4f2a... runId=4f2a... jobPath=/load taskId=8c1d... attempt=1 agent=batch-1-a
 * }
 * }</pre>
 */
public final class JobMdc implements AutoCloseable {

  public static final String ROOT_RUN_ID = "rootRunId";
  public static final String RUN_ID = "runId";
  public static final String JOB_PATH = "jobPath";
  public static final String TASK_ID = "taskId";
  public static final String ATTEMPT = "attempt";
  public static final String AGENT = "agent";

  private final Map<String, String> before;

  private JobMdc(Map<String, String> before) {
    this.before = before;
  }

  public static JobMdc of(String rootRunId, String runId, String jobPath, String taskId, int attempt, String agent) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    Map<String, String> values = new LinkedHashMap<>();
    values.put(ROOT_RUN_ID, rootRunId);
    values.put(RUN_ID, runId);
    values.put(JOB_PATH, jobPath);
    values.put(TASK_ID, taskId);
    values.put(ATTEMPT, attempt > 0 ? Integer.toString(attempt) : null);
    values.put(AGENT, agent);
    values.forEach((k, v) -> {
      if (v == null) {
        MDC.remove(k);
      } else {
        MDC.put(k, v);
      }
    });
    return new JobMdc(before);
  }

  @Override
  public void close() {
    if (before == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(before);
    }
  }
}
