package dev.jobnet.converter;

/**
 * Every kind of mistake the converter reports, with the stable code users search for. The codes are
 * listed with examples and fixes in {@code docs/findings.md}; never renumber one.
 */
public enum FindingCode {
  YAML_SYNTAX("JN001", "the file is not valid YAML"),
  DUPLICATE_KEY("JN002", "a key is written twice in one mapping"),
  UNKNOWN_KEY("JN003", "a key that means nothing here (often a typo)"),
  WRONG_TYPE("JN004", "a value of the wrong kind (a list where a text is expected, ...)"),
  MISSING_KEY("JN005", "a required key is missing"),
  UNSUPPORTED_VERSION("JN006", "the file's version is not one this converter reads"),
  FILE_UNREADABLE("JN007", "the file cannot be read"),
  HOSTILE_DOCUMENT("JN008", "the document exceeds a safety limit (aliases, nesting, size)"),
  BPMN_SYNTAX("JN009", "a .bpmn file that is not well-formed BPMN 2.0 XML"),

  JOB_WITHOUT_ACTION("JN101", "a job has none of run, http, jobnet, expand"),
  JOB_WITH_SEVERAL_ACTIONS("JN102", "a job has more than one of run, http, jobnet, expand"),
  EMPTY_JOBNET("JN103", "a jobnet has no jobs"),
  EMPTY_COMMAND("JN104", "a run command is empty"),
  UNSUPPORTED_ELEMENT("JN105", "a BPMN element a jobnet cannot hold"),
  NOT_A_JOB_TASK("JN106", "a service task of a jobnet that is not an external task on a jobnet topic"),

  DUPLICATE_JOB_ID("JN201", "two jobs of one jobnet have the same id"),
  DUPLICATE_ROOT_ID("JN202", "two root jobnets have the same id"),
  INVALID_ID("JN203", "an id that is not allowed"),

  UNKNOWN_NEXT("JN301", "next names a job that is not in the same jobnet"),
  CYCLE("JN302", "next edges form a cycle"),
  UNREACHABLE_JOB("JN303", "a job no start job leads to"),
  DUPLICATE_NEXT("JN304", "next names the same job twice"),
  MERGE_WITHOUT_JOIN("JN305", "a job reached by several flows without a parallel join"),
  MISPLACED_FINALLY("JN306", "a finally that is not the last step of its jobnet"),
  START_EVENTS("JN307", "a jobnet in BPMN without exactly one start event"),

  UNKNOWN_EXPANSION("JN401", "expand names a root jobnet that does not exist"),
  EXPANSION_RECURSION("JN402", "root jobnets expand themselves, directly or through others"),

  INVALID_DURATION("JN501", "a duration that cannot be read"),
  INVALID_CRON("JN502", "a schedule that is not a valid cron expression"),
  INVALID_RETRY("JN503", "a retry policy with impossible values"),
  INVALID_SERVER("JN504", "a server name that is not allowed"),
  INVALID_VALUE("JN505", "a value outside what is allowed"),
  INVALID_SCHEDULE("JN506", "a schedule or business calendar with a value that cannot be read"),
  UNKNOWN_CALENDAR("JN507", "a schedule naming a business calendar no file of the set defines");

  private final String code;
  private final String summary;

  FindingCode(String code, String summary) {
    this.code = code;
    this.summary = summary;
  }

  public String code() {
    return code;
  }

  public String summary() {
    return summary;
  }
}
