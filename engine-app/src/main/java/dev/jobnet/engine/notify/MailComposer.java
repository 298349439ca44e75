package dev.jobnet.engine.notify;

import dev.jobnet.engine.jobs.JobOutput;
import dev.jobnet.engine.jobs.LogStream;
import dev.jobnet.engine.notify.MailBody.Fact;
import dev.jobnet.engine.notify.MailBody.Link;
import dev.jobnet.engine.runs.RunTreeService;
import dev.jobnet.engine.runs.RunView;
import dev.jobnet.engine.runs.RunView.NodeView;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.NodeKind;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Writes the notification mails ({@code docs/notifications.md} shows each with an example) from
 * what the event said and the run as it is when the mail is sent: outcome, the failed and stopped
 * jobs with their reasons, the agent, the last lines of output, and links to the run in Cockpit.
 * Reads as the engine (no user). Empty when nobody can be told.
 */
@Component
class MailComposer {

  static final String COCKPIT_PATH = "/camunda/app/cockpit/default/#/process-instance/";
  /** At most this many skipped jobs are listed by name. */
  static final int SKIPPED_LISTED = 20;

  private final RunTreeService runs;
  private final HistoryService history;
  private final JobOutput output;
  private final Recipients recipients;
  private final NotifyProperties properties;
  private final DateTimeFormatter times;

  MailComposer(RunTreeService runs, HistoryService history, JobOutput output, Recipients recipients,
      NotifyProperties properties) {
    this.runs = runs;
    this.history = history;
    this.output = output;
    this.recipients = recipients;
    this.properties = properties;
    this.times = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(properties.timeZone());
  }

  Optional<Mail> compose(OutboxMail mail) {
    return switch (mail.kind()) {
      case RUN_ENDED -> runEnded(mail);
      case JOB_FAILED -> jobMail(mail, false);
      case JOB_STUCK -> jobMail(mail, true);
    };
  }

  /** The run's mail to the user who started it. */
  private Optional<Mail> runEnded(OutboxMail mail) {
    List<String> to = recipients.ofRun(mail.rootRunId());
    if (to.isEmpty()) {
      return Optional.empty();
    }
    Optional<RunView> run = runs.run(mail.rootRunId());
    String outcome = firstOf(mail.fact("outcome"), run.map(RunView::outcome).map(Enum::name).orElse(null), "ENDED");
    String reason = firstOf(mail.fact("reason"), run.map(RunView::reason).orElse(null));
    String jobnet = jobnetTitle(run, mail.rootRunId());
    String key = run.map(RunView::businessKey).orElse(null);
    String subject = Mail.SUBJECT_PREFIX + outcome + " " + jobnet + (key == null ? "" : " key " + key);
    HistoricProcessInstance hpi = history.createHistoricProcessInstanceQuery().processInstanceId(mail.rootRunId())
        .singleResult();
    List<NodeView> jobs = new ArrayList<>();
    run.ifPresent(r -> collectJobs(r.nodes(), jobs));
    List<String> failed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (NodeView job : jobs) {
      if (job.state() == JobState.FAILED || job.state() == JobState.STOPPED) {
        failed.add(jobTitle(job) + ": " + job.state() + (job.reason() == null ? "" : " — " + job.reason())
            + attemptAndAgent(job.attempts() == null ? null : job.attempts().toString(), job.agent()));
      } else if (job.state() == JobState.SKIPPED) {
        skipped.add(jobTitle(job));
      }
    }
    if (skipped.size() > SKIPPED_LISTED) {
      int more = skipped.size() - SKIPPED_LISTED;
      skipped = new ArrayList<>(skipped.subList(0, SKIPPED_LISTED));
      skipped.add("… and " + more + " more");
    }
    MailBody body = new MailBody()
        .paragraph("The run of jobnet " + jobnet + " has ended: " + outcome + ".")
        .facts(new Fact("Jobnet", jobnet),
            new Fact("Business key", key),
            new Fact("Run", mail.rootRunId()),
            new Fact("Started", hpi == null ? null : time(hpi.getStartTime().toInstant())
                + (hpi.getStartUserId() == null ? "" : " by " + hpi.getStartUserId())),
            new Fact("Ended", hpi == null || hpi.getEndTime() == null ? time(mail.fact("time"))
                : time(hpi.getEndTime().toInstant())),
            new Fact("Outcome", outcome + (reason == null ? "" : " (" + reason + ")")))
        .items("Failed and stopped jobs:", failed)
        .items("Skipped because of them:", skipped)
        .links(new Link("The run in Cockpit", cockpit(mail.rootRunId())));
    return Optional.of(new Mail(to, subject, body));
  }

  /** The administrators' mail of a job that used up its retries, or became STUCK. */
  private Optional<Mail> jobMail(OutboxMail mail, boolean stuck) {
    List<String> to = recipients.administrators();
    if (to.isEmpty()) {
      return Optional.empty();
    }
    Optional<RunView> run = runs.run(mail.runId());
    Optional<NodeView> job = run.flatMap(r -> find(r.nodes(), mail.elementId()));
    String jobnet = jobnetTitle(run, mail.runId());
    String title = job.map(MailComposer::jobTitle).orElse(mail.elementId());
    String reason = firstOf(mail.fact("reason"), job.map(NodeView::reason).orElse(null));
    String agent = firstOf(mail.fact("agent"), job.map(NodeView::agent).orElse(null));
    // a STUCK job's attempt is known from its start marker only (the run tree counts the incident as a failure)
    String attempt = stuck ? mail.fact("attempt")
        : firstOf(mail.fact("attempt"), job.map(NodeView::attempts).map(String::valueOf).orElse(null));
    String subject = Mail.SUBJECT_PREFIX + (stuck
        ? "JOB STUCK " + title + (agent == null ? "" : " on agent " + agent)
        : "JOB FAILED " + title + ": retries used up");
    String key = run.map(RunView::businessKey).orElse(null);
    MailBody body = new MailBody().paragraph(stuck
        ? "Job " + title + " of jobnet " + jobnet + " is STUCK: its outcome is unknown until its agent reports or an "
            + "operator resolves it."
        : "Job " + title + " of jobnet " + jobnet + " has used up its retries and FAILED. What depends on it is "
            + "skipped; the run goes on with the rest and will end FAILED.");
    body.facts(new Fact("Job", title),
        new Fact("Jobnet", jobnet),
        new Fact("Business key", key),
        new Fact("Run", mail.rootRunId()),
        new Fact(stuck ? "Why" : "Reason", reason),
        new Fact("Agent", agent),
        new Fact("Attempt", attempt),
        new Fact(stuck ? "Stuck since" : "Failed at", time(mail.fact("time"))));
    addOutput(body, mail, LogStream.STDERR);
    addOutput(body, mail, LogStream.STDOUT);
    if (stuck) {
      body.paragraph("What to do: check the machine of agent " + (agent == null ? "(unknown)" : agent)
          + ": is the command still running, did it finish? If the agent reports, the job goes on by itself. "
          + "Otherwise resolve it in Cockpit or with POST " + properties.cockpitUrl() + "/jobnet-api/runs/"
          + mail.runId() + "/nodes/" + mail.elementId() + "/resolve and {\"action\": \"SUCCEEDED\"}, "
          + "{\"action\": \"FAILED\"} or {\"action\": \"RETRY\"}.");
    }
    List<Link> links = new ArrayList<>();
    links.add(new Link("The run in Cockpit", cockpit(mail.rootRunId())));
    if (mail.runId() != null && !mail.runId().equals(mail.rootRunId())) {
      links.add(new Link("The expanded jobnet's run in Cockpit", cockpit(mail.runId())));
    }
    links.add(new Link("The whole stdout", outputUrl(mail, LogStream.STDOUT)));
    links.add(new Link("The whole stderr", outputUrl(mail, LogStream.STDERR)));
    body.links(links.toArray(Link[]::new));
    return Optional.of(new Mail(to, subject, body));
  }

  private void addOutput(MailBody body, OutboxMail mail, LogStream stream) {
    if (properties.outputLines() == 0 || mail.runId() == null || mail.elementId() == null) {
      return;
    }
    try {
      output.lastLines(mail.runId(), mail.elementId(), stream, properties.outputLines()).ifPresent(text ->
          body.preformatted("The last lines of " + stream.id() + " (at most " + properties.outputLines() + "):", text));
    } catch (RuntimeException e) {
      body.paragraph("The " + stream.id() + " of the job could not be read: " + e.getMessage());
    }
  }

  String cockpit(String processInstanceId) {
    return properties.cockpitUrl() + COCKPIT_PATH + processInstanceId + "/runtime";
  }

  private String outputUrl(OutboxMail mail, LogStream stream) {
    return properties.cockpitUrl() + "/jobnet-api/runs/" + mail.runId() + "/jobs/" + mail.elementId() + "/output/"
        + stream.id();
  }

  /** "nightly-sales 夜間売上集計": the jobnet's id, and its name when it has one of its own. */
  private static String jobnetTitle(Optional<RunView> run, String runId) {
    if (run.isEmpty()) {
      return "run " + runId;
    }
    RunView r = run.get();
    return r.name() == null || r.name().equals(r.jobnet()) ? r.jobnet() : r.jobnet() + " " + r.name();
  }

  /** "nightly-sales/load 集計結果取込": the job's path, and its name when it has one of its own. */
  static String jobTitle(NodeView job) {
    String path = job.path() == null ? job.elementId()
        : job.path().startsWith("/") ? job.path().substring(1) : job.path();
    boolean ownName = job.name() != null && !job.name().equals(job.elementId())
        && !path.endsWith("/" + job.name()) && !path.equals(job.name());
    return ownName ? path + " " + job.name() : path;
  }

  private static void collectJobs(List<NodeView> nodes, List<NodeView> into) {
    for (NodeView n : nodes) {
      if (NodeKind.JOB.property().equals(n.kind())) {
        into.add(n);
      }
      collectJobs(n.children(), into);
    }
  }

  private static Optional<NodeView> find(List<NodeView> nodes, String elementId) {
    for (NodeView n : nodes) {
      if (n.elementId().equals(elementId) && n.runId() == null) {
        return Optional.of(n);
      }
      if (n.runId() == null) {
        Optional<NodeView> inside = find(n.children(), elementId);
        if (inside.isPresent()) {
          return inside;
        }
      }
    }
    return Optional.empty();
  }

  private static String attemptAndAgent(String attempt, String agent) {
    List<String> parts = new ArrayList<>();
    if (attempt != null && !"0".equals(attempt)) {
      parts.add("attempt " + attempt);
    }
    if (agent != null) {
      parts.add("agent " + agent);
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private String time(Instant instant) {
    return instant == null ? null : times.format(instant);
  }

  private String time(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return time(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  private static String firstOf(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
