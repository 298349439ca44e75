package dev.jobnet.converter.yaml;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Findings;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Suggestions;
import dev.jobnet.converter.model.Job;
import dev.jobnet.converter.model.JobnetBody;
import dev.jobnet.converter.model.Location;
import dev.jobnet.converter.model.RetrySettings;
import dev.jobnet.converter.model.RootJobnet;
import dev.jobnet.converter.model.ScheduleSpec;
import dev.jobnet.converter.model.Settings;
import dev.jobnet.converter.schedule.BusinessCalendar;
import dev.jobnet.converter.schedule.ClosedDay;
import dev.jobnet.converter.schedule.Missed;
import dev.jobnet.converter.schedule.Overlap;
import dev.jobnet.protocol.http.HttpJobSpec;
import dev.jobnet.protocol.http.Placeholders;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one jobnet YAML file into the model, reporting every mistake of form it finds (syntax,
 * duplicate and unknown keys, wrong types, invalid values) without stopping at the first. Graph rules
 * (references, cycles, reachability, expansions) are checked afterwards on the whole set.
 *
 * <p>Hostile documents are refused by limits, never by running out of memory or stack: SnakeYAML
 * bounds aliases, nesting and size while composing; this reader bounds the nodes it visits (aliases
 * can make a small document visit many) and the depth of nested jobnets.
 */
public final class JobnetYamlReader {

  public static final int SUPPORTED_VERSION = 1;
  public static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
  public static final int MAX_YAML_NESTING = 100;
  public static final int MAX_JOBNET_DEPTH = 40;
  public static final int MAX_CODE_POINTS = 128 * 1024 * 1024;
  public static final int MAX_ID_LENGTH = 64;
  /** The path segment of a finally block, so no job may have it as its id. */
  public static final String RESERVED_JOB_ID = "finally";


  static final Set<String> FILE_KEYS = Set.of("version", "defaults", "calendars", "jobnets");
  static final Set<String> SCHEDULE_KEYS = Set.of("cron", "timezone", "calendar", "onClosedDay", "missed", "overlap");
  static final Set<String> CALENDAR_KEYS = Set.of("weekdays", "holidays");
  static final Set<String> SETTINGS_KEYS = Set.of("server", "retry", "timeout", "workdir", "env");
  static final Set<String> ROOT_KEYS = union(SETTINGS_KEYS, Set.of("name", "schedule", "jobs", "finally"));
  static final Set<String> BODY_KEYS = union(SETTINGS_KEYS, Set.of("jobs", "finally"));
  static final Set<String> JOB_KEYS = union(SETTINGS_KEYS, Set.of("name", "run", "http", "jobnet", "expand", "next"));
  static final Set<String> HTTP_KEYS = Set.of("url", "method", "headers", "body", "callback");
  /** Headers the agent sets itself, or Java's HTTP client does. */
  static final Set<String> HTTP_RESERVED_HEADERS = Set.of("idempotency-key", "content-length", "host", "connection",
      "expect", "upgrade", "transfer-encoding");
  private static final Pattern HTTP_TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  static final Set<String> RETRY_KEYS = Set.of("retries", "backoff", "factor", "maxBackoff", "jitter");

  /**
   * A business calendar of a file's {@code calendars:}, with where it is defined.
   *
   * @param calendar the calendar with the holidays written in the YAML
   * @param at where it is defined
   * @param datesFiles the files of dates its {@code holidays:} names (their holidays too), with where each
   *     is named: resolved over the set
   */
  public record DefinedCalendar(BusinessCalendar calendar, Location at, Map<String, Location> datesFiles) {

    public DefinedCalendar {
      datesFiles = Map.copyOf(datesFiles);
    }
  }

  /** Reads one file; its findings go to {@code findings}, the roots it could read are returned. */
  public List<RootJobnet> read(SourceFile source, Findings findings) {
    return read(source, findings, new LinkedHashMap<>());
  }

  /**
   * Reads one file; its findings go to {@code findings}, its business calendars into {@code calendars}
   * (shared by the files of a set: a name defined twice is reported), the roots it could read are
   * returned.
   */
  public List<RootJobnet> read(SourceFile source, Findings findings, Map<String, DefinedCalendar> calendars) {
    Node document;
    try {
      document = yaml().compose(new StringReader(source.text()));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Location at = mark == null ? Location.ofFile(source.name())
          : new Location(source.name(), mark.getLine() + 1, mark.getColumn() + 1);
      findings.add(FindingCode.YAML_SYNTAX, at, oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage())
          + (e.getContext() != null ? " (" + oneLine(e.getContext()) + ")" : ""));
      return List.of();
    } catch (YAMLException e) {
      findings.add(FindingCode.HOSTILE_DOCUMENT, Location.ofFile(source.name()),
          "document refused: " + oneLine(e.getMessage()) + "; jobnet files need no more than "
              + MAX_ALIASES_FOR_COLLECTIONS + " aliases and " + MAX_YAML_NESTING + " levels of nesting");
      return List.of();
    }
    if (document == null) {
      findings.add(FindingCode.MISSING_KEY, Location.ofFile(source.name()),
          "the file is empty; a jobnet file has a 'jobnets:' mapping of root jobnet ids to jobnets");
      return List.of();
    }
    var reading = new Reading(source.name(), findings, 2L * source.text().length() + 10_000, calendars);
    try {
      return reading.file(document);
    } catch (BudgetExceeded e) {
      findings.add(FindingCode.HOSTILE_DOCUMENT, e.at, e.getMessage());
      return List.of();
    }
  }

  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
    options.setNestingDepthLimit(MAX_YAML_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(true); // reported by this reader, with both lines
    options.setProcessComments(false);
    return new Yaml(options);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var s = new HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  /** Thrown when aliases or recursion make a document visit more nodes than its size allows. */
  private static final class BudgetExceeded extends RuntimeException {
    final Location at;

    BudgetExceeded(Location at, String message) {
      super(message, null, false, false);
      this.at = at;
    }
  }

  /** A key of a mapping with its nodes. */
  private record Entry(String key, Node keyNode, Node value) {}

  /** The state of reading one file. */
  private static final class Reading {
    private final String file;
    private final Findings findings;
    private final long nodeBudget;
    private long nodesVisited;
    /** The mappings whose merge keys are being applied, to refuse a merge of a mapping into itself. */
    private final Set<MappingNode> merging = Collections.newSetFromMap(new IdentityHashMap<>());

    private final Map<String, DefinedCalendar> calendars;

    Reading(String file, Findings findings, long nodeBudget, Map<String, DefinedCalendar> calendars) {
      this.file = file;
      this.findings = findings;
      this.nodeBudget = nodeBudget;
      this.calendars = calendars;
    }

    List<RootJobnet> file(Node document) {
      Map<String, Entry> top = mapping(document, "the file", FILE_KEYS, FindingCode.DUPLICATE_KEY);
      if (top == null) {
        return List.of();
      }
      Entry version = top.get("version");
      if (version != null) {
        Optional<Integer> v = integer(version.value(), "version");
        if (v.isPresent() && v.get() != SUPPORTED_VERSION) {
          add(FindingCode.UNSUPPORTED_VERSION, version.value(),
              "version " + v.get() + " is not supported; this converter reads version " + SUPPORTED_VERSION);
        }
      }
      Settings defaults = Settings.NONE;
      Entry d = top.get("defaults");
      if (d != null) {
        Map<String, Entry> dm = mapping(d.value(), "defaults", SETTINGS_KEYS, FindingCode.DUPLICATE_KEY);
        if (dm != null) {
          defaults = settings(dm);
        }
      }
      Entry cal = top.get("calendars");
      if (cal != null) {
        calendars(cal);
      }
      Entry jobnets = top.get("jobnets");
      if (jobnets == null && cal != null) {
        return List.of(); // a file of calendars only, for the jobnets of the other files
      }
      if (jobnets == null) {
        add(FindingCode.MISSING_KEY, document,
            "no 'jobnets:' mapping; a jobnet file maps root jobnet ids to jobnets under 'jobnets:'");
        return List.of();
      }
      if (isNothing(jobnets.value())) {
        add(FindingCode.EMPTY_JOBNET, jobnets.keyNode(), "'jobnets:' holds no root jobnet");
        return List.of();
      }
      Map<String, Entry> roots = mapping(jobnets.value(), "jobnets", null, FindingCode.DUPLICATE_ROOT_ID);
      if (roots == null) {
        return List.of();
      }
      if (roots.isEmpty()) {
        add(FindingCode.EMPTY_JOBNET, jobnets.keyNode(), "'jobnets:' holds no root jobnet");
      }
      List<RootJobnet> result = new ArrayList<>();
      for (Entry e : roots.values()) {
        RootJobnet r = root(e, defaults);
        if (r != null) {
          result.add(r);
        }
      }
      return result;
    }

    private RootJobnet root(Entry e, Settings defaults) {
      checkId(e.key(), e.keyNode(), "root jobnet");
      if (isNothing(e.value())) {
        add(FindingCode.EMPTY_JOBNET, e.keyNode(), "root jobnet '" + e.key() + "' is empty; give it 'jobs:' with at"
            + " least one job, or remove it");
        JobnetBody empty = new JobnetBody(loc(e.keyNode()), List.of(), Settings.NONE, Optional.empty());
        return new RootJobnet(e.key(), null, loc(e.keyNode()), empty, defaults, Optional.empty());
      }
      Map<String, Entry> m = mapping(e.value(), "root jobnet '" + e.key() + "'", ROOT_KEYS, FindingCode.DUPLICATE_KEY);
      if (m == null) {
        return null;
      }
      String name = text(m.get("name"), "name");
      Entry s = m.get("schedule");
      Optional<ScheduleSpec> schedule = s == null ? Optional.empty() : schedule(s);
      JobnetBody body = body(e.value(), m, 1, "root jobnet '" + e.key() + "'");
      return new RootJobnet(e.key(), name, loc(e.keyNode()), body, defaults, schedule);
    }

    /**
     * {@code schedule:}, the short form (a cron expression: Camunda's timer start event) or the long
     * form (a mapping: the engine app's scheduler, docs/schedules.md).
     */
    private Optional<ScheduleSpec> schedule(Entry s) {
      if (!(s.value() instanceof MappingNode)) {
        String cron = text(s, "schedule");
        return cron == null || !cronValid(cron, s.value(), "schedule") ? Optional.empty()
            : Optional.of(ScheduleSpec.shortForm(cron.trim()));
      }
      Map<String, Entry> m = mapping(s.value(), "schedule", SCHEDULE_KEYS, FindingCode.DUPLICATE_KEY);
      if (m == null) {
        return Optional.empty();
      }
      boolean ok = true;
      String cron = text(m.get("cron"), "cron");
      if (m.get("cron") == null) {
        add(FindingCode.MISSING_KEY, s.keyNode(), "the schedule has no 'cron:'; for 2 a.m. daily write cron: \"0 0 2 * * ?\"");
        ok = false;
      } else if (cron == null || !cronValid(cron, m.get("cron").value(), "cron")) {
        ok = false;
      }
      Optional<String> zone = Optional.empty();
      Entry tz = m.get("timezone");
      if (tz != null) {
        String text = text(tz, "timezone");
        if (text == null) {
          ok = false;
        } else {
          try {
            zone = Optional.of(ZoneId.of(text.trim()).getId());
          } catch (DateTimeException e) {
            add(FindingCode.INVALID_SCHEDULE, tz.value(), "timezone '" + text + "' is no time zone id"
                + Suggestions.didYouMean(text.trim(), ZoneId.getAvailableZoneIds())
                + " (region ids such as Asia/Tokyo or Europe/Berlin follow daylight saving; UTC does not have any)");
            ok = false;
          }
        }
      }
      Optional<String> calendar = Optional.empty();
      Location calendarAt = null;
      Entry c = m.get("calendar");
      if (c != null) {
        String text = text(c, "calendar");
        if (text == null) {
          ok = false;
        } else {
          calendar = Optional.of(text.trim());
          calendarAt = loc(c.value());
        }
      }
      ClosedDay onClosedDay = word(m.get("onClosedDay"), "onClosedDay", ClosedDay::of, ClosedDay.SKIP,
          Arrays.stream(ClosedDay.values()).map(ClosedDay::yaml).toList());
      Missed missed = word(m.get("missed"), "missed", Missed::of, Missed.ONE,
          Arrays.stream(Missed.values()).map(Missed::yaml).toList());
      Overlap overlap = word(m.get("overlap"), "overlap", Overlap::of, Overlap.SKIP,
          Arrays.stream(Overlap.values()).map(Overlap::yaml).toList());
      if (onClosedDay == null || missed == null || overlap == null) {
        ok = false;
      }
      if (m.get("onClosedDay") != null && c == null) {
        add(FindingCode.INVALID_SCHEDULE, m.get("onClosedDay").keyNode(), "'onClosedDay:' applies to the days a"
            + " calendar closes, and this schedule names none; add 'calendar:' or remove 'onClosedDay:'");
        ok = false;
      }
      return ok ? Optional.of(new ScheduleSpec(cron.trim(), zone, calendar, Optional.empty(), onClosedDay, missed,
          overlap, calendarAt)) : Optional.empty();
    }

    private boolean cronValid(String cron, Node at, String key) {
      Optional<String> problem = CronExpressions.problem(cron);
      if (problem.isPresent()) {
        add(FindingCode.INVALID_CRON, at, key + " \"" + cron + "\": " + problem.get());
        return false;
      }
      return true;
    }

    /** One of a rule's YAML words; the default when absent, null (reported) when not one of them. */
    private <T> T word(Entry e, String key, Function<String, Optional<T>> of, T absent,
        List<String> words) {
      if (e == null) {
        return absent;
      }
      String text = text(e, key);
      if (text == null) {
        return null;
      }
      Optional<T> value = of.apply(text.trim());
      if (value.isEmpty()) {
        add(FindingCode.INVALID_SCHEDULE, e.value(), "'" + key + ":' is one of " + String.join(", ", words)
            + ", not '" + text + "'" + Suggestions.didYouMean(text.trim(), Set.copyOf(words)));
        return null;
      }
      return value.get();
    }

    /** {@code calendars:}: name to {@code weekdays} (default every day) and {@code holidays}. */
    private void calendars(Entry e) {
      Map<String, Entry> m = mapping(e.value(), "calendars", null, FindingCode.DUPLICATE_KEY);
      if (m == null) {
        return;
      }
      for (Entry c : m.values()) {
        checkId(c.key(), c.keyNode(), "calendar");
        Map<String, Entry> cm = isNothing(c.value()) ? Map.of()
            : mapping(c.value(), "calendar '" + c.key() + "'", CALENDAR_KEYS, FindingCode.DUPLICATE_KEY);
        if (cm == null) {
          continue;
        }
        EnumSet<DayOfWeek> weekdays = EnumSet.allOf(DayOfWeek.class);
        boolean ok = true;
        Entry w = cm.get("weekdays");
        if (w != null) {
          weekdays = EnumSet.noneOf(DayOfWeek.class);
          for (Node day : list(w, "weekdays")) {
            Optional<DayOfWeek> d = day instanceof ScalarNode sn ? weekday(sn.getValue()) : Optional.empty();
            if (d.isEmpty()) {
              add(FindingCode.INVALID_SCHEDULE, day, "weekday " + kind(day) + " is none of MON, TUE, WED, THU, FRI,"
                  + " SAT, SUN");
              ok = false;
            } else {
              weekdays.add(d.get());
            }
          }
          if (ok && weekdays.isEmpty()) {
            add(FindingCode.INVALID_SCHEDULE, w.value(), "calendar '" + c.key() + "' is open on no day of the week;"
                + " list its open days, e.g. [MON, TUE, WED, THU, FRI]");
            ok = false;
          }
        }
        TreeSet<LocalDate> holidays = new TreeSet<>();
        Map<String, Location> datesFiles = new LinkedHashMap<>();
        Entry hs = cm.get("holidays");
        if (hs != null) {
          for (Node day : list(hs, "holidays")) {
            String text = day instanceof ScalarNode sn ? sn.getValue().trim() : "";
            if (DatesFile.isDatesFile(text)) {
              datesFiles.put(DatesFile.shortName(text), loc(day));
              continue;
            }
            try {
              holidays.add(LocalDate.parse(text));
            } catch (RuntimeException ex) {
              add(FindingCode.INVALID_SCHEDULE, day, "holiday " + kind(day) + " is no date; write it as 2026-12-31,"
                  + " or name a file of dates of the set (holidays-jp.dates)");
              ok = false;
            }
          }
        }
        DefinedCalendar other = calendars.get(c.key());
        if (other != null) {
          add(FindingCode.DUPLICATE_KEY, c.keyNode(), "calendar '" + c.key() + "' is also defined at "
              + other.at().file() + ":" + other.at().line() + "; the jobnets of a set share their calendars, keep one");
        } else if (ok) {
          calendars.put(c.key(), new DefinedCalendar(new BusinessCalendar(c.key(), weekdays, holidays), loc(c.keyNode()),
              datesFiles));
        }
      }
    }

    /** The items of a list value; a single value counts as a list of one; reported when a mapping. */
    private List<Node> list(Entry e, String key) {
      if (e.value() instanceof SequenceNode seq) {
        count(seq.getValue().size(), seq);
        return seq.getValue();
      }
      if (e.value() instanceof ScalarNode sn && !Tag.NULL.equals(sn.getTag())) {
        return List.of(sn);
      }
      add(FindingCode.WRONG_TYPE, e.value(), "'" + key + ":' must be a list, found " + kind(e.value()));
      return List.of();
    }

    private static Optional<DayOfWeek> weekday(String text) {
      String t = text.trim().toUpperCase(Locale.ROOT);
      for (DayOfWeek d : DayOfWeek.values()) {
        if (d.name().equals(t) || d.name().substring(0, 3).equals(t)) {
          return Optional.of(d);
        }
      }
      return Optional.empty();
    }

    private JobnetBody body(Node node, Map<String, Entry> m, int depth, String what) {
      if (depth > MAX_JOBNET_DEPTH) {
        throw new BudgetExceeded(loc(node), "jobnets nested more than " + MAX_JOBNET_DEPTH
            + " levels deep (a recursive alias?); flatten the jobnet or use 'expand'");
      }
      List<Job> jobs = new ArrayList<>();
      Entry jobsEntry = m.get("jobs");
      if (jobsEntry == null) {
        add(FindingCode.MISSING_KEY, node, what + " has no 'jobs:' mapping");
      } else if (isNothing(jobsEntry.value())) {
        add(FindingCode.EMPTY_JOBNET, jobsEntry.keyNode(), what + " has no jobs; add one or remove the jobnet");
      } else {
        Map<String, Entry> jm = mapping(jobsEntry.value(), "jobs", null, FindingCode.DUPLICATE_JOB_ID);
        if (jm != null) {
          if (jm.isEmpty()) {
            add(FindingCode.EMPTY_JOBNET, jobsEntry.keyNode(), what + " has no jobs; add one or remove the jobnet");
          }
          for (Entry je : jm.values()) {
            jobs.add(job(je, depth));
          }
        }
      }
      Optional<JobnetBody> finallyBody = Optional.empty();
      Entry f = m.get("finally");
      if (f != null && isNothing(f.value())) {
        add(FindingCode.EMPTY_JOBNET, f.keyNode(), "the finally of " + what + " has no jobs; add one or remove"
            + " 'finally:'");
      } else if (f != null) {
        Map<String, Entry> fm = mapping(f.value(), "finally", BODY_KEYS, FindingCode.DUPLICATE_KEY);
        if (fm != null) {
          finallyBody = Optional.of(body(f.value(), fm, depth + 1, "the finally of " + what));
        }
      }
      return new JobnetBody(loc(node), jobs, settings(m), finallyBody);
    }

    private Job job(Entry e, int depth) {
      checkId(e.key(), e.keyNode(), "job");
      if (e.key().equals(RESERVED_JOB_ID)) {
        add(FindingCode.INVALID_ID, e.keyNode(), "job id 'finally' is reserved: it names the finally block in"
            + " job paths (MM_ACTUAL_JOB_NAME_PATH); choose another id and keep 'finally' in 'name:' if you like");
      }
      Location at = loc(e.keyNode());
      Node v = e.value();
      if (v instanceof ScalarNode sn && !Tag.NULL.equals(sn.getTag())) {
        // Shorthand: `id: command line`.
        return new Job(e.key(), null, at, run(sn, e.key()), List.of(), Settings.NONE);
      }
      if (v instanceof ScalarNode) {
        add(FindingCode.JOB_WITHOUT_ACTION, e.keyNode(),
            "job '" + e.key() + "' is empty; give it one of 'run:', 'http:', 'jobnet:' or 'expand:'");
        return new Job(e.key(), null, at, null, List.of(), Settings.NONE);
      }
      Map<String, Entry> m = mapping(v, "job '" + e.key() + "'", JOB_KEYS, FindingCode.DUPLICATE_KEY);
      if (m == null) {
        return new Job(e.key(), null, at, null, List.of(), Settings.NONE);
      }
      List<String> actions = new ArrayList<>();
      for (String k : List.of("run", "http", "jobnet", "expand")) {
        if (m.containsKey(k)) {
          actions.add(k);
        }
      }
      Job.Action action = null;
      if (actions.isEmpty()) {
        add(FindingCode.JOB_WITHOUT_ACTION, e.keyNode(),
            "job '" + e.key() + "' has none of 'run:', 'http:', 'jobnet:' or 'expand:'; give it exactly one");
      } else if (actions.size() > 1) {
        add(FindingCode.JOB_WITH_SEVERAL_ACTIONS, m.get(actions.get(1)).keyNode(),
            "job '" + e.key() + "' has " + String.join(" and ", actions.stream().map(a -> "'" + a + ":'").toList())
                + "; a job does exactly one thing: split it into jobs linked with 'next'");
      } else {
        Entry a = m.get(actions.get(0));
        action = switch (actions.get(0)) {
          case "run" -> a.value() instanceof ScalarNode sn && !Tag.NULL.equals(sn.getTag()) ? run(sn, e.key())
              : wrongRun(a, e.key());
          case "http" -> http(a, e.key());
          case "jobnet" -> nested(a, depth, e.key());
          default -> expansion(a);
        };
      }
      if (action instanceof Job.Http || actions.equals(List.of("http"))) {
        for (String key : List.of("workdir", "env")) {
          if (m.containsKey(key)) {
            add(FindingCode.INVALID_VALUE, m.get(key).keyNode(), "'" + key + ":' has no effect on job '" + e.key()
                + "', which sends an HTTP request; put values in its URL, headers or body with ${param:NAME}");
          }
        }
      }
      if (action instanceof Job.Expand ex) {
        for (String key : List.of("server", "retry", "timeout", "workdir", "env")) {
          if (m.containsKey(key)) {
            add(FindingCode.INVALID_VALUE, m.get(key).keyNode(), "'" + key + ":' has no effect on job '" + e.key()
                + "', which expands '" + ex.root().id() + "': an expansion runs with that root jobnet's own"
                + " settings; set '" + key + ":' there");
          }
        }
      }
      return new Job(e.key(), text(m.get("name"), "name"), at, action, refs(m.get("next")), settings(m));
    }

    private Job.Action run(ScalarNode sn, String jobId) {
      if (sn.getValue().isBlank()) {
        add(FindingCode.EMPTY_COMMAND, sn, "job '" + jobId + "' has an empty command");
      }
      return new Job.Run(sn.getValue().strip());
    }

    /** {@code http:}: the request an agent sends, each value checked where it is written. */
    private Job.Action http(Entry a, String jobId) {
      String what = "'http:' of job '" + jobId + "'";
      Map<String, Entry> m = mapping(a.value(), what, HTTP_KEYS, FindingCode.DUPLICATE_KEY);
      if (m == null) {
        return null;
      }
      boolean ok = true;
      String url = null;
      Entry u = m.get("url");
      if (u == null) {
        add(FindingCode.MISSING_KEY, a.keyNode(), "the HTTP request of job '" + jobId + "' has no 'url:'; write the"
            + " backend's URL, as url: https://video.internal/api/encode");
        ok = false;
      } else {
        url = text(u, "url");
        ok &= url != null && placeholdersOk(url, u.value()) && urlOk(url.trim(), u.value());
      }
      String method = "POST";
      Entry me = m.get("method");
      if (me != null) {
        String t = text(me, "method");
        if (t == null) {
          ok = false;
        } else {
          method = t.trim().toUpperCase(Locale.ROOT);
          if (!HttpJobSpec.METHODS.contains(method)) {
            add(FindingCode.INVALID_VALUE, me.value(), "method '" + t + "' is none of " + String.join(", ", HttpJobSpec.METHODS)
                + Suggestions.didYouMean(method, HttpJobSpec.METHODS));
            ok = false;
          }
        }
      }
      Map<String, String> headers = new LinkedHashMap<>();
      Entry h = m.get("headers");
      if (h != null && !isNothing(h.value())) {
        Map<String, Entry> hm = mapping(h.value(), "'headers:' of job '" + jobId + "'", null, FindingCode.DUPLICATE_KEY);
        if (hm == null) {
          ok = false;
        } else {
          Set<String> seen = new HashSet<>();
          for (Entry he : hm.values()) {
            String name = he.key();
            String value = text(he, name);
            if (!HTTP_TOKEN.matcher(name).matches()) {
              add(FindingCode.INVALID_VALUE, he.keyNode(), "'" + name + "' is no header name; a header name is letters,"
                  + " digits and - (Authorization, X-Request-Source)");
              ok = false;
            } else if (HTTP_RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
              add(FindingCode.INVALID_VALUE, he.keyNode(), "header '" + name + "' is set by the agent itself"
                  + (name.equalsIgnoreCase("Idempotency-Key") ? " (<job id>:<attempt>, the same for a request sent"
                  + " again)" : "") + "; remove it");
              ok = false;
            } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
              add(FindingCode.DUPLICATE_KEY, he.keyNode(), "header '" + name + "' is written twice (header names are"
                  + " the same in any case); keep one");
              ok = false;
            }
            if (value == null || !placeholdersOk(value, he.value())) {
              ok = false;
            } else {
              headers.put(name, value);
            }
          }
        }
      }
      boolean callback = false;
      Entry c = m.get("callback");
      if (c != null) {
        if (c.value() instanceof ScalarNode sn && Tag.BOOL.equals(sn.getTag())) {
          callback = sn.getValue().equalsIgnoreCase("true") || sn.getValue().equalsIgnoreCase("yes")
              || sn.getValue().equalsIgnoreCase("on");
        } else {
          add(FindingCode.WRONG_TYPE, c.value(), "'callback:' is true or false, found " + kind(c.value()));
          ok = false;
        }
      }
      String body = null;
      Entry b = m.get("body");
      if (b != null && !isNothing(b.value())) {
        if (method.equals("GET") || method.equals("DELETE")) {
          add(FindingCode.INVALID_VALUE, b.keyNode(), "a " + method + " request of job '" + jobId + "' has no body;"
              + " send it with POST, PUT or PATCH, or remove 'body:'");
          ok = false;
        } else if (callback && !(b.value() instanceof MappingNode)) {
          add(FindingCode.WRONG_TYPE, b.value(), "with 'callback: true' the body is a mapping, to which the agent"
              + " adds the member 'jobnet' (the job id, run id, attempt and callback URL); found " + kind(b.value()));
          ok = false;
        } else {
          ok &= bodyPlaceholdersOk(b.value(), callback);
          body = YamlJson.of(b.value());
        }
      }
      if (callback && (method.equals("GET") || method.equals("DELETE"))) {
        add(FindingCode.INVALID_VALUE, me != null ? me.value() : a.keyNode(), "a callback job tells the backend its"
            + " callback URL in the request's body, which a " + method + " request has none of: use POST, PUT or PATCH");
        ok = false;
      }
      return ok ? new Job.Http(url.trim(), method, headers, body, callback) : null;
    }

    /** Every {@code ${...}} of a text is a {@code ${param:NAME}} or a {@code ${secret:NAME}}; else reported. */
    private boolean placeholdersOk(String text, Node at) {
      Optional<Integer> bad = Placeholders.malformed(text);
      if (bad.isPresent()) {
        String piece = text.substring(bad.get(), Math.min(text.length(), bad.get() + 30));
        add(FindingCode.INVALID_VALUE, at, "'" + piece + "' is no placeholder; write ${param:NAME} for a start parameter"
            + " or ${secret:NAME} for a secret of the agent's configuration (names of letters, digits, _ . -)");
        return false;
      }
      return true;
    }

    private boolean bodyPlaceholdersOk(Node node, boolean callback) {
      boolean ok = true;
      if (node instanceof MappingNode mn) {
        for (NodeTuple t : mn.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k) {
            if (callback && k.getValue().equals(HttpJobSpec.CALLBACK_MEMBER)) {
              add(FindingCode.INVALID_VALUE, k, "the member 'jobnet' of a callback job's body is the agent's (the job"
                  + " id, run id, attempt and callback URL); rename yours");
              ok = false;
            }
            ok &= placeholdersOk(k.getValue(), k);
          }
          ok &= bodyPlaceholdersOk(t.getValueNode(), false);
        }
      } else if (node instanceof SequenceNode sq) {
        for (Node item : sq.getValue()) {
          ok &= bodyPlaceholdersOk(item, false);
        }
      } else if (node instanceof ScalarNode sn) {
        ok &= placeholdersOk(sn.getValue(), sn);
      }
      return ok;
    }

    /** An absolute http or https URL, its placeholders counted as plain words. */
    private boolean urlOk(String url, Node at) {
      Optional<String> problem = HttpJobSpec.urlProblem(url);
      if (problem.isEmpty()) {
        return true;
      }
      add(FindingCode.INVALID_VALUE, at, problem.get().isEmpty()
          ? "url '" + url + "' is not an absolute http or https URL; write it as https://video.internal/api/encode"
          : "url '" + url + "' cannot be read: " + problem.get() + "; write an absolute http or https URL, as"
              + " https://video.internal/api/encode");
      return false;
    }

    private Job.Action wrongRun(Entry a, String jobId) {
      add(FindingCode.WRONG_TYPE, a.value(), "'run:' of job '" + jobId
          + "' must be a command line (a text), found " + kind(a.value()));
      return null;
    }

    private Job.Action nested(Entry a, int depth, String jobId) {
      if (isNothing(a.value())) {
        add(FindingCode.EMPTY_JOBNET, a.keyNode(), "jobnet '" + jobId + "' has no jobs; add one or remove the job");
        return null;
      }
      Map<String, Entry> bm = mapping(a.value(), "jobnet of job '" + jobId + "'", BODY_KEYS, FindingCode.DUPLICATE_KEY);
      if (bm == null) {
        return null;
      }
      return new Job.Nested(body(a.value(), bm, depth + 1, "jobnet '" + jobId + "'"));
    }

    private Job.Action expansion(Entry a) {
      String target = text(a, "expand");
      if (target == null) {
        return null;
      }
      return new Job.Expand(new Job.Ref(target, loc(a.value())));
    }

    private List<Job.Ref> refs(Entry next) {
      if (next == null) {
        return List.of();
      }
      Node v = next.value();
      List<Job.Ref> refs = new ArrayList<>();
      if (v instanceof ScalarNode sn && !Tag.NULL.equals(sn.getTag())) {
        refs.add(new Job.Ref(sn.getValue(), loc(sn)));
      } else if (v instanceof SequenceNode seq) {
        count(seq.getValue().size(), seq);
        for (Node item : seq.getValue()) {
          if (item instanceof ScalarNode sn && !Tag.NULL.equals(sn.getTag())) {
            refs.add(new Job.Ref(sn.getValue(), loc(sn)));
          } else {
            add(FindingCode.WRONG_TYPE, item, "'next:' lists job ids, found " + kind(item));
          }
        }
      } else {
        add(FindingCode.WRONG_TYPE, v, "'next:' takes a job id or a list of job ids, found " + kind(v));
      }
      return refs;
    }

    private Settings settings(Map<String, Entry> m) {
      String server = null;
      Entry s = m.get("server");
      if (s != null) {
        server = text(s, "server");
        if (server != null && !Settings.isServer(server)) {
          add(FindingCode.INVALID_SERVER, s.value(), "server '" + server + "' is not allowed; " + Settings.SERVER_RULE);
          server = null;
        }
      }
      RetrySettings retry = m.containsKey("retry") ? retry(m.get("retry")) : null;
      Duration timeout = null;
      Entry t = m.get("timeout");
      if (t != null) {
        timeout = duration(t, "timeout", false).orElse(null);
      }
      String workdir = null;
      Entry w = m.get("workdir");
      if (w != null) {
        workdir = text(w, "workdir");
        if (workdir != null && workdir.isBlank()) {
          add(FindingCode.INVALID_VALUE, w.value(), "'workdir:' is empty; name a directory or remove the key");
          workdir = null;
        }
      }
      Map<String, String> env = Map.of();
      Entry en = m.get("env");
      if (en != null) {
        env = env(en);
      }
      return new Settings(server, retry, timeout, workdir, env);
    }

    private Map<String, String> env(Entry en) {
      Map<String, Entry> m = mapping(en.value(), "env", null, FindingCode.DUPLICATE_KEY);
      if (m == null) {
        return Map.of();
      }
      Map<String, String> env = new TreeMap<>();
      for (Entry e : m.values()) {
        Optional<String> problem = Settings.envNameProblem(e.key());
        if (problem.isPresent()) {
          add(FindingCode.INVALID_VALUE, e.keyNode(), problem.get());
        } else if (e.value() instanceof ScalarNode sn) {
          env.put(e.key(), Tag.NULL.equals(sn.getTag()) ? "" : sn.getValue());
        } else {
          add(FindingCode.WRONG_TYPE, e.value(), "environment variable '" + e.key() + "' must be a text, found "
              + kind(e.value()));
        }
      }
      return env;
    }

    private RetrySettings retry(Entry e) {
      Node v = e.value();
      if (v instanceof ScalarNode sn && Tag.INT.equals(sn.getTag())) {
        return retries(sn).map(RetrySettings::retries).orElse(null);
      }
      if (!(v instanceof MappingNode)) {
        add(FindingCode.INVALID_RETRY, v, "'retry:' takes a number of retries (e.g. 'retry: 3', 'retry: 0' for"
            + " jobs that must not run twice) or a mapping with retries, backoff, factor, maxBackoff, jitter; found "
            + kind(v));
        return null;
      }
      Map<String, Entry> m = mapping(v, "retry", RETRY_KEYS, FindingCode.DUPLICATE_KEY);
      if (m == null) {
        return null;
      }
      boolean ok = true;
      Integer retries = null;
      if (m.containsKey("retries")) {
        Node rv = m.get("retries").value();
        Optional<Integer> n = rv instanceof ScalarNode sn && Tag.INT.equals(sn.getTag()) ? retries(sn) : Optional.empty();
        if (!(rv instanceof ScalarNode s2 && Tag.INT.equals(s2.getTag()))) {
          add(FindingCode.INVALID_RETRY, rv, "'retries:' must be a whole number from 0 to " + RetrySettings.MAX_RETRIES);
        }
        ok &= n.isPresent();
        retries = n.orElse(null);
      }
      Duration backoff = null;
      if (m.containsKey("backoff")) {
        Optional<Duration> b = duration(m.get("backoff"), "backoff", true);
        ok &= b.isPresent();
        backoff = b.orElse(null);
      }
      Duration maxBackoff = null;
      if (m.containsKey("maxBackoff")) {
        Optional<Duration> b = duration(m.get("maxBackoff"), "maxBackoff", true);
        ok &= b.isPresent();
        if (b.isPresent() && backoff != null && b.get().compareTo(backoff) < 0) {
          add(FindingCode.INVALID_RETRY, m.get("maxBackoff").value(), "'maxBackoff:' " + Durations.format(b.get())
              + " is shorter than 'backoff:' " + Durations.format(backoff) + "; the cap must be at least the first wait");
          ok = false;
        }
        maxBackoff = b.orElse(null);
      }
      Double factor = null;
      if (m.containsKey("factor")) {
        Optional<Double> f = number(m.get("factor").value());
        if (f.isEmpty() || !RetrySettings.isFactor(f.get())) {
          add(FindingCode.INVALID_RETRY, m.get("factor").value(), "'factor:' must be " + RetrySettings.FACTOR_RULE);
          ok = false;
        }
        factor = f.orElse(null);
      }
      Double jitter = null;
      if (m.containsKey("jitter")) {
        Optional<Double> j = number(m.get("jitter").value());
        if (j.isEmpty() || !RetrySettings.isJitter(j.get())) {
          add(FindingCode.INVALID_RETRY, m.get("jitter").value(), "'jitter:' must be " + RetrySettings.JITTER_RULE);
          ok = false;
        }
        jitter = j.orElse(null);
      }
      return ok ? new RetrySettings(retries, backoff, factor, maxBackoff, jitter) : null;
    }

    private Optional<Integer> retries(ScalarNode sn) {
      try {
        int n = Integer.parseInt(sn.getValue().replace("_", ""));
        if (n >= 0 && n <= RetrySettings.MAX_RETRIES) {
          return Optional.of(n);
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      add(FindingCode.INVALID_RETRY, sn, "retries must be a whole number from 0 to " + RetrySettings.MAX_RETRIES
          + ", found " + sn.getValue());
      return Optional.empty();
    }

    private Optional<Double> number(Node v) {
      if (v instanceof ScalarNode sn && (Tag.INT.equals(sn.getTag()) || Tag.FLOAT.equals(sn.getTag()))) {
        try {
          return Optional.of(Double.parseDouble(sn.getValue().replace("_", "")));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
      return Optional.empty();
    }

    private Optional<Duration> duration(Entry e, String key, boolean zeroAllowed) {
      String t = text(e, key);
      if (t == null) {
        return Optional.empty();
      }
      Optional<Duration> d = Durations.parse(t);
      if (d.isEmpty()) {
        add(FindingCode.INVALID_DURATION, e.value(), "'" + key + ":' " + t
            + " is not a duration; write e.g. 30s, 10m, 2h, 1h30m, 500ms or ISO-8601 PT2H");
        return Optional.empty();
      }
      if (d.get().isNegative() || (!zeroAllowed && d.get().isZero())) {
        add(FindingCode.INVALID_DURATION, e.value(), "'" + key + ":' must be longer than zero; remove it to run"
            + " without a limit");
        return Optional.empty();
      }
      return d;
    }

    private Optional<Integer> integer(Node v, String key) {
      if (v instanceof ScalarNode sn && Tag.INT.equals(sn.getTag())) {
        try {
          return Optional.of(Integer.parseInt(sn.getValue()));
        } catch (NumberFormatException e) {
          // fall through
        }
      }
      add(FindingCode.WRONG_TYPE, v, "'" + key + ":' must be a whole number, found " + kind(v));
      return Optional.empty();
    }

    /** The text of a scalar value, or null (reported) when it is not one. */
    private String text(Entry e, String key) {
      if (e == null) {
        return null;
      }
      Node v = e.value();
      if (v instanceof ScalarNode sn && !Tag.NULL.equals(sn.getTag())) {
        return sn.getValue();
      }
      add(FindingCode.WRONG_TYPE, v, "'" + key + ":' must be a text, found " + kind(v));
      return null;
    }

    private void checkId(String id, Node at, String what) {
      Optional<String> problem = IdRule.problem(id);
      if (problem.isPresent()) {
        add(FindingCode.INVALID_ID, at, what + " id '" + id + "' is not allowed: " + problem.get());
      } else if (id.length() > MAX_ID_LENGTH) {
        add(FindingCode.INVALID_ID, at, what + " id '" + id.substring(0, 20) + "...' is longer than "
            + MAX_ID_LENGTH + " characters");
      }
    }

    /**
     * The entries of a mapping, first occurrence of each key; duplicates reported with {@code dupCode},
     * unknown keys (when {@code allowed} is not null) reported with a suggestion. Null when {@code node}
     * is not a mapping (reported).
     */
    private Map<String, Entry> mapping(Node node, String what, Set<String> allowed, FindingCode dupCode) {
      if (!(node instanceof MappingNode mn)) {
        add(FindingCode.WRONG_TYPE, node, what + " must be a mapping (key: value lines), found " + kind(node));
        return null;
      }
      Map<String, Entry> result = new LinkedHashMap<>();
      for (Entry e : entries(mn, what)) {
        Entry first = result.get(e.key());
        if (first != null) {
          add(dupCode, e.keyNode(), duplicateMessage(dupCode, e.key(), what, first));
          continue;
        }
        if (allowed != null && !allowed.contains(e.key())) {
          add(FindingCode.UNKNOWN_KEY, e.keyNode(), unknownKeyMessage(e.key(), what, allowed));
          continue;
        }
        result.put(e.key(), e);
      }
      return result;
    }

    private String duplicateMessage(FindingCode code, String key, String what, Entry first) {
      String where = "first at line " + loc(first.keyNode()).line();
      return switch (code) {
        case DUPLICATE_JOB_ID -> "job id '" + key + "' is used twice in one jobnet (" + where + "); rename one";
        case DUPLICATE_ROOT_ID -> "root jobnet '" + key + "' is defined twice in this file (" + where + ")";
        default -> "key '" + key + "' is written twice in " + what + " (" + where + "); keep one";
      };
    }

    private String unknownKeyMessage(String key, String what, Set<String> allowed) {
      String hint = Suggestions.didYouMean(key, allowed);
      if (hint.isEmpty() && key.equals("attempts")) {
        hint = "; did you mean 'retries'? (it counts the runs after the first)";
      } else if (hint.isEmpty() && key.equals("schedule")) {
        hint = "; only root jobnets have a schedule";
      }
      return "unknown key '" + key + "' in " + what + hint + " (allowed: "
          + String.join(", ", new TreeSet<>(allowed)) + ")";
    }

    /** Entries in written order, YAML merge keys ({@code <<: *anchor}) applied; counts visited nodes. */
    private List<Entry> entries(MappingNode mn, String what) {
      List<NodeTuple> tuples = mn.getValue();
      count(tuples.size(), mn);
      List<Entry> own = new ArrayList<>(tuples.size());
      List<Entry> merged = new ArrayList<>();
      for (NodeTuple t : tuples) {
        Node k = t.getKeyNode();
        if (Tag.MERGE.equals(k.getTag())) {
          Node src = t.getValueNode();
          List<Node> sources = src instanceof SequenceNode seq ? seq.getValue() : List.of(src);
          for (Node s : sources) {
            if (s instanceof MappingNode sm) {
              if (!merging.add(sm)) {
                throw new BudgetExceeded(loc(k), "a merge key '<<' merges a mapping into itself (a recursive"
                    + " alias); merge only mappings defined before and outside this one");
              }
              try {
                merged.addAll(entries(sm, what));
              } finally {
                merging.remove(sm);
              }
            } else {
              add(FindingCode.WRONG_TYPE, s, "a merge key '<<' takes a mapping or a list of mappings, found " + kind(s));
            }
          }
        } else if (k instanceof ScalarNode ks && !Tag.NULL.equals(ks.getTag())) {
          own.add(new Entry(ks.getValue(), k, t.getValueNode()));
        } else {
          add(FindingCode.WRONG_TYPE, k, "keys in " + what + " must be plain words, found " + kind(k));
        }
      }
      if (merged.isEmpty()) {
        return own;
      }
      Set<String> ownKeys = new HashSet<>();
      own.forEach(e -> ownKeys.add(e.key()));
      Set<String> seen = new HashSet<>();
      for (Entry e : merged) {
        if (!ownKeys.contains(e.key()) && seen.add(e.key())) {
          own.add(e);
        }
      }
      return own;
    }

    private void count(int n, Node at) {
      nodesVisited += n + 1;
      if (nodesVisited > nodeBudget) {
        throw new BudgetExceeded(loc(at), "aliases expand this document beyond " + nodeBudget
            + " nodes (an alias bomb?); write the jobs out or use 'expand' to reuse a jobnet");
      }
    }

    private void add(FindingCode code, Node at, String message) {
      findings.add(code, loc(at), message);
    }

    private Location loc(Node n) {
      Mark m = n.getStartMark();
      return m == null ? Location.ofFile(file) : new Location(file, m.getLine() + 1, m.getColumn() + 1);
    }

    /** A value written as nothing at all ({@code key:} with no value, {@code ~} or {@code null}). */
    private static boolean isNothing(Node n) {
      return n instanceof ScalarNode sn && Tag.NULL.equals(sn.getTag());
    }

    private static String kind(Node n) {
      if (n instanceof MappingNode) {
        return "a mapping";
      }
      if (n instanceof SequenceNode) {
        return "a list";
      }
      if (n instanceof ScalarNode sn) {
        if (Tag.NULL.equals(sn.getTag())) {
          return "nothing";
        }
        return Tag.STR.equals(sn.getTag()) ? "the text \"" + abbreviate(sn.getValue()) + "\""
            : "the value " + abbreviate(sn.getValue());
      }
      return "an unexpected node";
    }

    private static String abbreviate(String s) {
      return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
  }
}
