package dev.jobnet.agent.job;

import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.ProcessVariables;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment a job's command sees (the table of {@code jobnets.md}): a few variables of the
 * agent's own environment (never its secrets), the job's {@code env:}, the Tengine-compatible
 * {@code MM_*} ids, {@code JOBNET_ATTEMPT} and each start parameter as {@code JOBNET_PARAM_<NAME>}.
 */
public final class JobEnvironment {

  /** Passed on from the agent's environment; nothing else of it (the agent's password lives there). */
  static final String[] INHERITED = {"PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR"};

  /** {@link ProcessVariables#ID_SEPARATOR} as a pattern for {@link String#split}. */
  private static final String ID_SEPARATOR = Pattern.quote(ProcessVariables.ID_SEPARATOR);

  private JobEnvironment() {}

  public static Map<String, String> of(FetchedTask task, int attempt, Map<String, String> agentEnvironment) {
    Map<String, String> env = new TreeMap<>();
    for (String name : INHERITED) {
      String v = agentEnvironment.get(name);
      if (v != null) {
        env.put(name, v);
      }
    }
    task.properties().forEach((k, v) -> {
      if (k.startsWith(BpmnProperties.ENV_PREFIX)) {
        env.put(k.substring(BpmnProperties.ENV_PREFIX.length()), v);
      }
    });
    Map<String, String> vars = task.variables();
    String actual = vars.getOrDefault(ProcessVariables.ANCESTOR_IDS, task.processInstanceId());
    String full = vars.getOrDefault(ProcessVariables.FULL_ANCESTOR_IDS, actual);
    String root = rootRunId(task);
    String[] actualIds = actual.split(ID_SEPARATOR);
    env.put("MM_ROOT_JOBNET_ID", root);
    env.put("MM_SCHEDULE_ID", root);
    env.put("MM_TARGET_JOBNET_ID", actualIds[actualIds.length - 1]);
    env.put("MM_ACTUAL_JOB_ID", task.activityInstanceId());
    env.put("MM_ACTUAL_JOB_ANCESTOR_IDS", actual);
    env.put("MM_FULL_ACTUAL_JOB_ANCESTOR_IDS", full);
    env.put("MM_ACTUAL_JOB_NAME_PATH", jobPath(task));
    env.put("MM_TEMPLATE_JOB_ID", task.properties().getOrDefault(BpmnProperties.ID, task.activityId()));
    env.put("MM_TEMPLATE_JOB_ANCESTOR_IDS", task.properties().getOrDefault(BpmnProperties.ANCESTORS, ""));
    env.put("MM_SERVER_NAME", task.properties().getOrDefault(BpmnProperties.SERVER, "default"));
    env.put("JOBNET_ATTEMPT", Integer.toString(attempt));
    vars.forEach((name, value) -> {
      if (!ProcessVariables.isOwn(name)) {
        env.put("JOBNET_PARAM_" + paramName(name), value);
      }
    });
    return env;
  }

  /** The top-level run of the job: the first of its full ancestor ids, else its own run. */
  public static String rootRunId(FetchedTask task) {
    Map<String, String> vars = task.variables();
    String actual = vars.getOrDefault(ProcessVariables.ANCESTOR_IDS, task.processInstanceId());
    String full = vars.getOrDefault(ProcessVariables.FULL_ANCESTOR_IDS, actual);
    return full == null ? null : full.split(ID_SEPARATOR)[0];
  }

  /** The job's path in its jobnet ({@code /load}, {@code /daily/load}). */
  public static String jobPath(FetchedTask task) {
    return task.properties().getOrDefault(BpmnProperties.PATH, "/" + task.activityId());
  }

  /** {@code file-name.v2} becomes {@code FILE_NAME_V2}. */
  static String paramName(String variable) {
    return variable.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }
}
