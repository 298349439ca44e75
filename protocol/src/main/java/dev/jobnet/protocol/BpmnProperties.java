package dev.jobnet.protocol;

/**
 * The names of the BPMN extension properties ({@code camunda:property}) the converter writes on a
 * jobnet's process and elements, and the engine app and the agents read ({@code docs/bpmn-mapping.md}).
 * Values are written resolved: a reader needs no inheritance rules. The retry policy's properties are
 * read by {@link RetryPolicy#of}.
 */
public final class BpmnProperties {

  /** Every property of the scheduler starts with this. */
  public static final String PREFIX = "jobnet.";

  /** What the element is to a jobnet: one of the {@code KIND_*} values below. */
  public static final String KIND = PREFIX + "kind";
  /** The template id (the id written in the YAML, {@code MM_TEMPLATE_JOB_ID}). */
  public static final String ID = PREFIX + "id";
  /** The path of template ids from the root, {@code /root/archive/pack} ({@code MM_ACTUAL_JOB_NAME_PATH}). */
  public static final String PATH = PREFIX + "path";
  /** The template ids of the enclosing jobnets, root first, joined by {@link #ANCESTORS_SEPARATOR}. */
  public static final String ANCESTORS = PREFIX + "ancestors";
  /** The element ids of the jobs that lead to this one, joined by {@link #UPSTREAM_SEPARATOR}; absent for start jobs. */
  public static final String UPSTREAM = PREFIX + "upstream";
  /** A job's command line. */
  public static final String COMMAND = PREFIX + "command";
  /** The server a job runs on; its external task topic is {@link Topics#of} it. */
  public static final String SERVER = PREFIX + "server";
  /** A job's timeout, an ISO-8601 duration ({@code PT2H}); absent without one. */
  public static final String TIMEOUT = PREFIX + "timeout";
  /** A job's working directory; absent without one. */
  public static final String WORKDIR = PREFIX + "workdir";
  /** One property per environment variable of a job: this prefix, then the variable's name. */
  public static final String ENV_PREFIX = PREFIX + "env.";
  /** On an expansion: the id of the root jobnet it expands. */
  public static final String EXPAND = PREFIX + "expand";
  /** On the process of a scheduled root: its cron expression. */
  public static final String SCHEDULE = PREFIX + "schedule";
  /**
   * On the process of a root with a long-form schedule (the engine app's scheduler starts it, not a
   * timer start event): {@code "true"}. The properties below follow it.
   */
  public static final String SCHEDULE_SCHEDULER = SCHEDULE + ".scheduler";
  /** The zone the schedule's times are read in; absent: the engine's. */
  public static final String SCHEDULE_TIMEZONE = SCHEDULE + ".timezone";
  /** The business calendar's name; absent: every day is open. */
  public static final String SCHEDULE_CALENDAR = SCHEDULE + ".calendar";
  /** Its open days of the week, comma-separated ({@code MONDAY,TUESDAY}). */
  public static final String SCHEDULE_WEEKDAYS = SCHEDULE + ".calendar.weekdays";
  /** Its holidays, comma-separated ISO dates. */
  public static final String SCHEDULE_HOLIDAYS = SCHEDULE + ".calendar.holidays";
  /** {@code skip}, {@code next-open-day} or {@code previous-open-day}. */
  public static final String SCHEDULE_ON_CLOSED_DAY = SCHEDULE + ".onClosedDay";
  /** {@code none}, {@code one} or {@code all}. */
  public static final String SCHEDULE_MISSED = SCHEDULE + ".missed";
  /** {@code skip}, {@code queue} or {@code allow}. */
  public static final String SCHEDULE_OVERLAP = SCHEDULE + ".overlap";

  /** An http job's URL, with its {@code ${param:NAME}} and {@code ${secret:NAME}} pieces as written. */
  public static final String HTTP_URL = PREFIX + "http.url";
  /** An http job's method: {@code GET}, {@code POST} (default), {@code PUT}, {@code PATCH} or {@code DELETE}. */
  public static final String HTTP_METHOD = PREFIX + "http.method";
  /** One property per request header of an http job: this prefix, then the header's name. */
  public static final String HTTP_HEADER_PREFIX = PREFIX + "http.header.";
  /** An http job's JSON body as text, its placeholders as written; absent without one. */
  public static final String HTTP_BODY = PREFIX + "http.body";
  /** {@code "true"}: the backend answers at once and reports the result later, to the callback URL. */
  public static final String HTTP_CALLBACK = PREFIX + "http.callback";

  /** The policy's retries: runs after the first ({@code 0}: never run again). */
  public static final String RETRIES = PREFIX + "retries";
  /** The wait before the first retry, an ISO-8601 duration. */
  public static final String BACKOFF = PREFIX + "backoff";
  /** What each further wait is multiplied by. */
  public static final String BACKOFF_FACTOR = PREFIX + "backoffFactor";
  /** The longest wait, an ISO-8601 duration. */
  public static final String MAX_BACKOFF = PREFIX + "maxBackoff";
  /** The spread of each wait, a fraction (0.2: plus or minus 20 %). */
  public static final String JITTER = PREFIX + "jitter";

  /** {@link #KIND} of a root jobnet's process. */
  public static final String KIND_ROOT = "root";
  /** {@link #KIND} of a job (an external service task). */
  public static final String KIND_JOB = "job";
  /** {@link #KIND} of a nested jobnet (a subprocess). */
  public static final String KIND_JOBNET = "jobnet";
  /** {@link #KIND} of a finally block (a subprocess). */
  public static final String KIND_FINALLY = "finally";
  /** {@link #KIND} of an expansion of another root (a call activity). */
  public static final String KIND_EXPANSION = "expansion";

  /** Joins the ids of {@link #ANCESTORS}. */
  public static final String ANCESTORS_SEPARATOR = ";";
  /** Joins the ids of {@link #UPSTREAM}. */
  public static final String UPSTREAM_SEPARATOR = ",";

  private BpmnProperties() {}

  /** The property of environment variable {@code name}: {@code jobnet.env.<name>}. */
  public static String env(String name) {
    return ENV_PREFIX + name;
  }
}
