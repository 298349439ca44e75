package dev.jobnet.engine.jobs;

import dev.jobnet.engine.jobs.OutputStore.Key;
import dev.jobnet.engine.jobs.OutputStore.Log;
import dev.jobnet.protocol.BpmnProperties;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What the error details of a STUCK job's incident say, whoever made it STUCK (the watchdog, the
 * re-delivery guard, the agent's own report): the explanation given, then the job as an operator
 * checks it on the machine: its command, the agent, the attempt, how the command ended when that is
 * known, and the last lines of stderr the agent shipped ({@code docs/operations.md}).
 */
@Component
class StuckDetails {

  /** The lines of stderr shown. */
  static final int STDERR_LINES = 20;
  /** At most this many characters of stderr are shown (of its last lines). */
  static final int STDERR_MAX_CHARS = 4000;
  /** Where the job's part begins: what comes before it is the explanation. */
  static final String JOB_SECTION = "--- the job ---";

  private static final Pattern ENDED = Pattern.compile(
      "exit status -?\\d+|killed by signal \\d+(?: \\(SIG[A-Z0-9]+\\))?|timed out after \\S+");

  private final OutputStore output;

  StuckDetails(OutputStore output) {
    this.output = output;
  }

  /** The job of a STUCK incident. {@code command}, {@code agent}, {@code attempt} may be null (unknown). */
  record StuckJob(String taskId, String processInstanceId, String activityId, String command, String agent,
      Integer attempt, String message, String details) {}

  /**
   * The error details: the explanation ({@code details} without the job's part an earlier STUCK state
   * added, else the message), then the job's part.
   */
  String describe(StuckJob job) {
    String explanation = explanation(job);
    StringBuilder text = new StringBuilder(explanation.strip()).append("\n\n").append(JOB_SECTION).append('\n');
    line(text, "job", job.activityId() + " (run " + job.processInstanceId() + ", external task " + job.taskId() + ")");
    line(text, "command", job.command() == null || job.command().isBlank() ? "unknown (the job's element has no "
        + BpmnProperties.COMMAND + ")" : job.command().strip().replace("\n", "\n          "));
    line(text, "agent", job.agent() == null ? "unknown" : job.agent());
    line(text, "attempt", job.attempt() == null ? "unknown" : job.attempt().toString());
    line(text, "ended", ended(job.message())
        .orElse("unknown: the agent has not reported how the command ended"));
    text.append('\n');
    Optional<Log> log = job.attempt() == null ? output.latestOfTask(job.taskId(), LogStream.STDERR)
        : output.find(new Key(job.taskId(), job.attempt(), LogStream.STDERR));
    String stderr = log.filter(l -> l.total() > 0)
        .map(l -> new String(output.read(l.key()).text(), StandardCharsets.UTF_8))
        .map(t -> OutputText.lastLines(t, STDERR_LINES)).filter(t -> !t.isBlank()).orElse(null);
    if (stderr == null) {
      text.append("stderr: no output shipped");
      if (log.isEmpty()) {
        text.append(" (the agent has sent none of this attempt's stderr so far)");
      }
      text.append('\n');
    } else {
      if (stderr.length() > STDERR_MAX_CHARS) {
        stderr = "…" + stderr.substring(stderr.length() - STDERR_MAX_CHARS);
      }
      text.append("--- last lines of stderr (attempt ").append(log.get().key().attempt()).append(", ")
          .append(log.get().total()).append(" bytes shipped so far) ---\n").append(stderr).append('\n');
    }
    return text.toString();
  }

  private static String explanation(StuckJob job) {
    String details = job.details();
    if (details != null) {
      int earlier = details.indexOf(JOB_SECTION);
      details = earlier < 0 ? details : details.substring(0, earlier);
    }
    if (details == null || details.isBlank()) {
      return job.message() == null ? "STUCK: the outcome of the job is unknown" : job.message();
    }
    if (job.message() != null && !details.contains(job.message())) {
      // the details of an agent's report are its output, without the message
      return job.message() + ".\n\n" + details;
    }
    return details;
  }

  /**
   * How the command ended, when the message tells it (an agent's failure report: "exit status 3
   * (attempt 2)", "killed by signal 9 (SIGKILL)"); not from the details, which hold the command's output.
   */
  static Optional<String> ended(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher m = ENDED.matcher(message);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  private static void line(StringBuilder text, String name, String value) {
    text.append(name).append(':').append(" ".repeat(Math.max(1, 10 - name.length() - 1))).append(value).append('\n');
  }
}
