package dev.jobnet.converter.testing;

import dev.jobnet.converter.SourceFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test-data builders that write jobnet YAML text, block style, two spaces per level:
 *
 * <pre>{@code
 * SourceFile file = aFile()
 *     .withRoot(aRoot("nightly")
 *         .withJob(aJob("a").run("a.sh").next("b"))
 *         .withJob(aJob("b").expand("monthly")))
 *     .withRoot(aRoot("monthly").withJob(aJob("report").run("report.sh")))
 *     .toSource("nightly.yaml");
 * }</pre>
 *
 * The builders check nothing: they write what they are told, mistakes included, so that tests can
 * feed the converter wrong jobnets. Where a test is about an exact line and column, write the YAML as
 * a text block instead.
 */
public final class JobnetYaml {

  private JobnetYaml() {}

  public static FileBuilder aFile() {
    return new FileBuilder();
  }

  public static RootBuilder aRoot(String id) {
    return new RootBuilder(id);
  }

  public static JobBuilder aJob(String id) {
    return new JobBuilder(id);
  }

  /** The body of a nested jobnet, for {@link JobBuilder#jobnet(BodyBuilder)}. */
  public static BodyBuilder aJobnet() {
    return new BodyBuilder();
  }

  /** A jobnet file: {@code version}, optional {@code defaults}, the root jobnets. */
  public static final class FileBuilder {
    private Integer version = 1;
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final List<RootBuilder> roots = new ArrayList<>();

    private FileBuilder() {}

    public FileBuilder version(int version) {
      this.version = version;
      return this;
    }

    public FileBuilder withoutVersion() {
      this.version = null;
      return this;
    }

    /** A line {@code key: value} under {@code defaults:}; the value is written as given (raw YAML). */
    public FileBuilder withDefault(String key, String rawValue) {
      defaults.put(key, rawValue);
      return this;
    }

    public FileBuilder withRoot(RootBuilder... roots) {
      this.roots.addAll(Arrays.asList(roots));
      return this;
    }

    public String toYaml() {
      Lines out = new Lines();
      if (version != null) {
        out.add(0, "version: " + version);
      }
      if (!defaults.isEmpty()) {
        out.add(0, "defaults:");
        defaults.forEach((k, v) -> out.add(1, k + ": " + v));
      }
      out.add(0, roots.isEmpty() ? "jobnets: {}" : "jobnets:");
      roots.forEach(r -> r.write(out, 1));
      return out.toString();
    }

    public SourceFile toSource(String fileName) {
      return new SourceFile(fileName, toYaml());
    }
  }

  /** A root jobnet: its id, optional name and schedule, settings, jobs and finally. */
  public static final class RootBuilder {
    private final String id;
    private String name;
    private String schedule;
    private final BodyBuilder body = new BodyBuilder();

    private RootBuilder(String id) {
      this.id = id;
    }

    public RootBuilder name(String name) {
      this.name = name;
      return this;
    }

    public RootBuilder schedule(String cron) {
      this.schedule = cron;
      return this;
    }

    public RootBuilder withJob(JobBuilder... jobs) {
      body.withJob(jobs);
      return this;
    }

    public RootBuilder withFinally(JobBuilder... jobs) {
      body.withFinally(jobs);
      return this;
    }

    /** A line {@code key: value} in the root jobnet; the value is written as given (raw YAML). */
    public RootBuilder with(String key, String rawValue) {
      body.with(key, rawValue);
      return this;
    }

    void write(Lines out, int level) {
      out.add(level, key(id) + ":");
      if (name != null) {
        out.add(level + 1, "name: " + scalar(name));
      }
      if (schedule != null) {
        out.add(level + 1, "schedule: " + scalar(schedule));
      }
      body.write(out, level + 1);
    }
  }

  /** The jobs, settings and finally of a jobnet (a root's or a nested one's). */
  public static final class BodyBuilder {
    private final List<JobBuilder> jobs = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private List<JobBuilder> finallyJobs;

    private BodyBuilder() {}

    public BodyBuilder withJob(JobBuilder... jobs) {
      this.jobs.addAll(Arrays.asList(jobs));
      return this;
    }

    public BodyBuilder withFinally(JobBuilder... jobs) {
      if (finallyJobs == null) {
        finallyJobs = new ArrayList<>();
      }
      finallyJobs.addAll(Arrays.asList(jobs));
      return this;
    }

    /** A line {@code key: value} in the jobnet; the value is written as given (raw YAML). */
    public BodyBuilder with(String key, String rawValue) {
      settings.put(key, rawValue);
      return this;
    }

    void write(Lines out, int level) {
      settings.forEach((k, v) -> out.add(level, k + ": " + v));
      writeJobs(out, level, jobs);
      if (finallyJobs != null) {
        out.add(level, "finally:");
        writeJobs(out, level + 1, finallyJobs);
      }
    }

    private static void writeJobs(Lines out, int level, List<JobBuilder> jobs) {
      if (jobs.isEmpty()) {
        out.add(level, "jobs: {}");
        return;
      }
      out.add(level, "jobs:");
      jobs.forEach(j -> j.write(out, level + 1));
    }
  }

  /** A job: one (or, to test mistakes, none or several) of run, jobnet, expand; next; settings. */
  public static final class JobBuilder {
    private final String id;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private BodyBuilder jobnet;
    private final List<String> next = new ArrayList<>();

    private JobBuilder(String id) {
      this.id = id;
    }

    public JobBuilder run(String command) {
      lines.put("run", scalar(command));
      return this;
    }

    public JobBuilder expand(String rootId) {
      lines.put("expand", scalar(rootId));
      return this;
    }

    public JobBuilder jobnet(BodyBuilder body) {
      this.jobnet = body;
      return this;
    }

    public JobBuilder name(String name) {
      lines.put("name", scalar(name));
      return this;
    }

    public JobBuilder next(String... jobIds) {
      next.addAll(Arrays.asList(jobIds));
      return this;
    }

    /** A line {@code key: value} in the job; the value is written as given (raw YAML). */
    public JobBuilder with(String key, String rawValue) {
      lines.put(key, rawValue);
      return this;
    }

    void write(Lines out, int level) {
      if (lines.isEmpty() && jobnet == null && next.isEmpty()) {
        out.add(level, key(id) + ": {}");
        return;
      }
      out.add(level, key(id) + ":");
      lines.forEach((k, v) -> out.add(level + 1, k + ": " + v));
      if (!next.isEmpty()) {
        out.add(level + 1, "next: " + (next.size() == 1 ? scalar(next.get(0))
            : "[" + String.join(", ", next.stream().map(JobnetYaml::scalar).toList()) + "]"));
      }
      if (jobnet != null) {
        out.add(level + 1, "jobnet:");
        jobnet.write(out, level + 2);
      }
    }
  }

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");
  private static final List<String> RESERVED =
      List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

  /** A value as YAML: plain when that reads back as the same text, else double-quoted. */
  static String scalar(String text) {
    if (PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase())) {
      return text;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** Ids are keys; they are quoted only when YAML would read them as something else. */
  private static String key(String id) {
    return scalar(id);
  }

  /** Indented lines, two spaces per level. */
  private static final class Lines {
    private final StringBuilder sb = new StringBuilder();

    void add(int level, String line) {
      sb.append("  ".repeat(level)).append(line).append('\n');
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }
}
