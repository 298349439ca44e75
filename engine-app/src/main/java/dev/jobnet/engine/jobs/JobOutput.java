package dev.jobnet.engine.jobs;

import dev.jobnet.engine.jobs.OutputStore.Key;
import dev.jobnet.engine.jobs.OutputStore.Log;
import dev.jobnet.engine.security.Caller;
import dev.jobnet.engine.security.Callers;
import dev.jobnet.engine.security.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.springframework.stereotype.Service;

/**
 * Output shipping and reading ({@code docs/agent-protocol.md}): agents send each stream of an
 * attempt in pieces, each from a byte offset, so that a repeated piece changes nothing and a lost
 * one is noticed; operators read the head and tail kept of it ({@link OutputWindow}, cap
 * {@code jobnet.jobs.output-cap}), by task while it exists and by run and element afterwards.
 */
@Service
public class JobOutput {

  private final ExternalTaskService tasks;
  private final StartMarkerStore markers;
  private final HistoryService history;
  private final OutputStore store;
  private final Callers callers;
  private final JobsProperties properties;

  JobOutput(ExternalTaskService tasks, StartMarkerStore markers, HistoryService history, OutputStore store,
      Callers callers, JobsProperties properties) {
    this.tasks = tasks;
    this.markers = markers;
    this.history = history;
    this.store = store;
    this.callers = callers;
    this.properties = properties;
  }

  /**
   * One stream of one attempt as an operator reads it.
   *
   * @param attempt null when nothing is known of any attempt (none started, nothing shipped)
   */
  public record View(Integer attempt, OutputText text) {

    static View nothingShipped(Integer attempt) {
      return new View(attempt, new OutputText(new byte[0], 0, 0));
    }
  }

  /**
   * Stores the bytes of {@code body} (at most {@code jobnet.jobs.max-output-request}), which start at
   * byte {@code offset} of the stream; the number of bytes of the stream received in all.
   *
   * @param contentLength as the request declares it, -1 if unknown
   * @param streamLength the stream's final length when the agent knows it (the command ended), else
   *     null: then bytes that would not be kept may be left out, and the answer says where to go on
   */
  public OutputStore.Received append(String taskId, String stream, int attempt, long offset, InputStream body,
      long contentLength, Long streamLength) {
    callers.requireAgentOrOperator();
    LogStream logStream = LogStream.of(stream);
    if (attempt < 1) {
      throw new InvalidJobsRequestException("attempt must be 1 or more (1 is the first run), was " + attempt);
    }
    if (offset < 0) {
      throw new InvalidJobsRequestException("offset must be 0 or more, was " + offset);
    }
    if (streamLength != null && streamLength < offset) {
      throw new InvalidJobsRequestException("length (the stream's final length) must be at least the offset, was "
          + streamLength + " with offset " + offset);
    }
    byte[] bytes = readBounded(body, contentLength);
    Key key = new Key(taskId, attempt, logStream);
    if (store.find(key).isEmpty()) {
      ExternalTask task = tasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
      if (task == null) {
        throw new JobNotFoundException("no external task " + taskId + " (completed, stopped, resolved, or you may not "
            + "see it) and no output of it: ship output before reporting the outcome");
      }
      store.create(key, task.getProcessInstanceId(), task.getActivityId());
    }
    return store.append(key, offset, bytes, OutputWindow.ofCap(properties.outputCap().toBytes()), streamLength);
  }

  /**
   * The output of a job by its external task id; the task's latest attempt if {@code attempt} is
   * null (the same for both streams). Empty when the task exists but nothing was shipped on the
   * stream (of that attempt).
   */
  public View byTask(String taskId, String stream, Integer attempt) {
    requireReader();
    LogStream logStream = LogStream.of(stream);
    String what = stream + " of job " + taskId;
    List<Log> logs = store.ofTask(taskId);
    Optional<ExternalTask> task = Optional.ofNullable(
        tasks.createExternalTaskQuery().externalTaskId(taskId).singleResult());
    Integer wanted = attempt != null ? attempt
        : latest(logs, task.flatMap(t -> markerAttempt(t.getId())).orElse(null));
    Optional<Log> log = logs.stream().filter(l -> l.key().stream() == logStream && wanted != null
        && l.key().attempt() == wanted).findFirst();
    if (log.isPresent()) {
      return view(log.get(), what);
    }
    String run = task.map(ExternalTask::getProcessInstanceId)
        .orElse(logs.isEmpty() ? null : logs.get(0).processInstanceId());
    if (run == null || !maySeeRun(run)) {
      throw notFound(what, attempt);
    }
    return View.nothingShipped(wanted);
  }

  /**
   * The output of a job by its run and BPMN element id; the job's latest attempt if {@code attempt}
   * is null (the same for both streams, so that stdout and stderr of one attempt are read together).
   * Empty when the job has been reached in the run but nothing was shipped on the stream (of that
   * attempt).
   */
  public View byJob(String processInstanceId, String activityId, String stream, Integer attempt) {
    requireReader();
    LogStream logStream = LogStream.of(stream);
    String what = stream + " of " + activityId + " in run " + processInstanceId;
    Integer wanted = attempt != null ? attempt : attempts(processInstanceId, activityId).current();
    Optional<Log> log = wanted == null ? Optional.empty()
        : store.ofJob(processInstanceId, activityId, logStream, wanted);
    if (log.isPresent()) {
      return view(log.get(), what);
    }
    if (!maySeeRun(processInstanceId) || !reached(processInstanceId, activityId)) {
      throw notFound(what, attempt);
    }
    return View.nothingShipped(wanted);
  }

  /** What was shipped of each attempt of a job, and its current (latest) attempt. */
  public record Attempts(Integer current, List<AttemptOutput> attempts) {}

  /** The bytes received of each stream of one attempt (0: nothing shipped yet). */
  public record AttemptOutput(int attempt, long stdoutBytes, long stderrBytes) {}

  /**
   * The attempts of a job by its run and element: each attempt that shipped output, and the one
   * running now (its start marker) even before it shipped any. 404 for a job not reached in the run
   * (or a run the caller may not see).
   */
  public Attempts attemptsOf(String processInstanceId, String activityId) {
    requireReader();
    if (!maySeeRun(processInstanceId) || !reached(processInstanceId, activityId)) {
      throw new JobNotFoundException("no job " + activityId + " in run " + processInstanceId
          + ": unknown, not reached yet, its run was cleaned up, or you may not see it");
    }
    return attempts(processInstanceId, activityId);
  }

  private Attempts attempts(String processInstanceId, String activityId) {
    Map<Integer, long[]> bytes = new TreeMap<>();
    for (Log log : store.ofJob(processInstanceId, activityId)) {
      long[] b = bytes.computeIfAbsent(log.key().attempt(), a -> new long[2]);
      b[log.key().stream().ordinal()] = Math.max(b[log.key().stream().ordinal()], log.total());
    }
    ExternalTask task = tasks.createExternalTaskQuery().processInstanceId(processInstanceId).activityId(activityId)
        .singleResult();
    if (task != null) {
      markerAttempt(task.getId()).ifPresent(a -> bytes.computeIfAbsent(a, x -> new long[2]));
    }
    List<AttemptOutput> list = new ArrayList<>();
    bytes.forEach((a, b) -> list.add(new AttemptOutput(a, b[LogStream.STDOUT.ordinal()], b[LogStream.STDERR.ordinal()])));
    return new Attempts(list.isEmpty() ? null : list.get(list.size() - 1).attempt(), list);
  }

  private static Integer latest(List<Log> logs, Integer marker) {
    Integer latest = marker;
    for (Log log : logs) {
      if (latest == null || log.key().attempt() > latest) {
        latest = log.key().attempt();
      }
    }
    return latest;
  }

  /** The attempt of the start marker of a job's task, if an agent started it. */
  private Optional<Integer> markerAttempt(String taskId) {
    return markers.of(taskId).map(StartMarker::attempt);
  }

  /** The job has been reached in the run (it is running or has run): its activity is in the run's history. */
  private boolean reached(String processInstanceId, String activityId) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).activityId(activityId)
        .count() > 0;
  }

  /** Refused (403) unless the caller is an agent, an operator or an application. */
  private void requireReader() {
    callers.require("read job output", Role.AGENT, Role.OPERATOR, Role.APPLICATION);
  }

  /**
   * Whether the caller may read the output of this run: agents and operators always; an application
   * if the engine shows it the run's history (its tenant's runs), checked with a history query as the
   * caller.
   */
  private boolean maySeeRun(String processInstanceId) {
    Caller caller = callers.current();
    if (caller.is(Role.AGENT, Role.OPERATOR)) {
      return true;
    }
    return caller.is(Role.APPLICATION)
        && history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0;
  }

  /**
   * The last {@code lines} lines of a job's output (its latest attempt), for the engine's own use
   * (notification mails): no caller check, so never behind a request of someone. Empty when none
   * was shipped.
   */
  public Optional<String> lastLines(String processInstanceId, String activityId, LogStream stream, int lines) {
    return store.ofJob(processInstanceId, activityId, stream, null).map(log -> {
      String text = new String(store.read(log.key()).text(), StandardCharsets.UTF_8);
      return OutputText.lastLines(text, lines);
    }).filter(t -> !t.isBlank());
  }

  private View view(Log log, String what) {
    if (!maySeeRun(log.processInstanceId())) {
      throw notFound(what, log.key().attempt());
    }
    return new View(log.key().attempt(), store.read(log.key()));
  }

  private static JobNotFoundException notFound(String what, Integer attempt) {
    return new JobNotFoundException("no output " + what + (attempt == null ? "" : " attempt " + attempt)
        + ": none was shipped, its run was cleaned up, or you may not see it");
  }

  private byte[] readBounded(InputStream body, long contentLength) {
    long max = properties.maxOutputRequest().toBytes();
    if (contentLength > 2 * max) {
      // far too large: refused without reading it (the server then closes the connection)
      throw tooLarge(contentLength + " bytes", max);
    }
    // otherwise read (at most max + 1 bytes) before refusing, so that a client that sent a little too much
    // reads the answer instead of a closed connection (Tomcat swallows up to 2 MB of what is left)
    try {
      byte[] bytes = body.readNBytes((int) max + 1);
      if (bytes.length > max) {
        throw tooLarge("more than " + max + " bytes", max);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output sent", e);
    }
  }

  private static OutputTooLargeException tooLarge(String size, long max) {
    return new OutputTooLargeException("the request carries " + size + " of output; at most " + max
        + " bytes per request (jobnet.jobs.max-output-request): send the stream in smaller pieces, each from "
        + "the offset the last answer gave");
  }
}
