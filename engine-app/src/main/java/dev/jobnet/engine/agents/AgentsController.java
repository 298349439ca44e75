package dev.jobnet.engine.agents;

import dev.jobnet.engine.api.Problems;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.operations.OperationsException;
import dev.jobnet.engine.security.Callers;
import dev.jobnet.protocol.Protocol;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /jobnet-api/agents}: agents report themselves with every heartbeat and say when they stop;
 * operators list them ({@code docs/operations.md}).
 */
@RestController
@RequestMapping("/jobnet-api/agents")
class AgentsController {

  private static final Logger LOG = LoggerFactory.getLogger(AgentsController.class);

  private final AgentRegistry registry;
  private final StuckJobs stuckJobs;
  private final Callers callers;
  private final AgentsProperties properties;
  private final EventLog events;
  private final Clock clock;

  AgentsController(AgentRegistry registry, StuckJobs stuckJobs, Callers callers, AgentsProperties properties,
      EventLog events, Clock clock) {
    this.events = events;
    this.registry = registry;
    this.stuckJobs = stuckJobs;
    this.callers = callers;
    this.properties = properties;
    this.clock = clock;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  List<AgentView> list() {
    callers.requireOperator();
    return registry.all();
  }

  @PostMapping(path = "/{name}/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> heartbeat(@PathVariable String name, @RequestBody AgentReport report,
      @RequestHeader(name = Protocol.HEADER, required = false) String protocol) {
    callers.requireAgentOrOperator();
    requireName(name);
    String problem = report == null ? "send the agent's report as JSON" : report.problem();
    if (problem != null) {
      throw OperationsException.badRequest("agent report of " + name + ": " + problem);
    }
    Optional<AgentState> before = registry.beat(name, report, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    if (before.isEmpty() || before.get() == AgentState.OFFLINE) {
      LOG.info("agent {} is ONLINE: servers {}, capacity {}, {} job(s) running", name, report.servers(),
          report.capacity(), report.running().size());
      events.record(NewEvent.of(EventKind.AGENT_ONLINE).actor(name)
          .message("agent " + name + " is online: servers " + String.join(", ", report.servers()) + ", capacity "
              + report.capacity() + ", " + report.running().size() + " job(s) running")
          .detail("servers", report.servers()).detail("capacity", report.capacity()));
    }
    List<String> withdrawn = stuckJobs.withdraw(name,
        report.running().stream().map(AgentReport.RunningJob::taskId).toList());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("state", AgentState.ONLINE);
    answer.put("withdrawnStuck", withdrawn);
    List<String> warnings = new ArrayList<>();
    if (protocol == null) {
      // An agent of protocol 1: its start markers and failure reports are refused (ProtocolFilter).
      LOG.warn("agent {} speaks no protocol version: {}", name, Protocol.mismatch(null));
      warnings.add(Protocol.mismatch(null) + " Its jobs are not started until then.");
    }
    long needed = properties.offlineAfter().plus(properties.watchdogInterval()).toMillis();
    if (report.lockMillis() <= needed) {
      warnings.add("the agent's lock (" + report.lockMillis() + " ms) is not longer than the engine's "
          + "offline-after plus watchdog-interval (" + needed + " ms): a silent agent's job may be fetched by "
          + "another agent before it is made STUCK; lengthen JOBNET_AGENT_LOCK");
    }
    String heartbeatWarning = heartbeatWarning(report.heartbeatMillis(), properties.offlineAfter().toMillis());
    if (heartbeatWarning != null) {
      warnings.add(heartbeatWarning);
      if (before.isEmpty() || before.get() == AgentState.OFFLINE) {
        LOG.warn("agent {}: {}", name, heartbeatWarning); // once per ONLINE, the agent logs it at its side
      }
    }
    if (!warnings.isEmpty()) {
      answer.put("warning", String.join("; ", warnings));
    }
    return answer;
  }

  /**
   * The warning for an agent whose heartbeat is more than half the engine's offline-after, or null: the
   * watchdog takes an agent silent for longer than offline-after for dead and makes its running jobs
   * STUCK, so such an agent is taken for dead as soon as one heartbeat comes late, or between any two
   * when its heartbeat is the longer (as an agent at the default 5 s was on an engine set to 3 s).
   */
  static String heartbeatWarning(long heartbeatMillis, long offlineAfterMillis) {
    if (heartbeatMillis * 2 <= offlineAfterMillis) {
      return null;
    }
    return "the agent's heartbeat (" + heartbeatMillis + " ms) is more than half the engine's offline-after ("
        + offlineAfterMillis + " ms): the engine takes the agent for offline and makes its running jobs STUCK "
        + (heartbeatMillis >= offlineAfterMillis ? "between two of its heartbeats" : "as soon as one heartbeat comes late")
        + "; shorten JOBNET_AGENT_HEARTBEAT or lengthen the engine's JOBNET_AGENTS_OFFLINE_AFTER";
  }

  @PostMapping(path = "/{name}/stopped", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> stopped(@PathVariable String name) {
    callers.requireAgentOrOperator();
    requireName(name);
    if (registry.stopped(name, clock.instant().truncatedTo(ChronoUnit.MILLIS))) {
      LOG.info("agent {} is OFFLINE: it stopped", name);
      events.record(NewEvent.of(EventKind.AGENT_OFFLINE).actor(name).message("agent " + name + " stopped")
          .detail("stopped", true));
    }
    return Map.of("state", AgentState.OFFLINE);
  }

  /**
   * {@code POST /jobnet-api/agents/{name}/away} with {@code {"backWithin": "PT2M"}}: the agent restarts
   * and leaves its running jobs running ({@code JOBNET_AGENT_STOP=detach}); until it is back, at most
   * {@code jobnet.agents.max-away}, the watchdog counts it as heard from. Answers the time granted; 409
   * when the agent is not ONLINE (its jobs were judged already).
   */
  @PostMapping(path = "/{name}/away", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> away(@PathVariable String name, @RequestBody Map<String, Object> body) {
    callers.requireAgentOrOperator();
    requireName(name);
    Duration wanted = backWithin(name, body);
    Duration granted = wanted.compareTo(properties.maxAway()) > 0 ? properties.maxAway() : wanted;
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant until = now.plus(granted);
    Optional<AgentView> agent = registry.find(name);
    if (!registry.away(name, until, now)) {
      throw OperationsException.conflict(Problems.CONFLICT, "agent " + name + " is not ONLINE (" + agent.map(a ->
          a.state().name()).orElse("never heard from") + "): its running jobs were judged already; start it again to"
          + " take them back", Map.of("agent", name));
    }
    int running = agent.map(a -> a.running().size()).orElse(0);
    LOG.info("agent {} is restarting: its {} running job(s) stay its own until {}", name, running, until);
    events.record(NewEvent.of(EventKind.AGENT_AWAY).actor(name)
        .message("agent " + name + " is restarting; its " + running + " running job(s) stay its own until " + until)
        .detail("awayUntil", until.toString()).detail("running", running));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("state", AgentState.ONLINE);
    answer.put("awayUntil", until.toString());
    if (granted.compareTo(wanted) < 0) {
      answer.put("warning", "asked to be away for " + wanted + "; granted " + granted
          + " (jobnet.agents.max-away)");
    }
    return answer;
  }

  private static Duration backWithin(String name, Map<String, Object> body) {
    Object v = body == null ? null : body.get("backWithin");
    try {
      Duration d = Duration.parse(String.valueOf(v));
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (java.time.format.DateTimeParseException e) {
      // answered below
    }
    throw OperationsException.badRequest("agent " + name + " away: send {\"backWithin\": \"PT2M\"}, a positive "
        + "ISO-8601 duration; was " + v);
  }

  private static void requireName(String name) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
      throw OperationsException.badRequest("'" + name + "' is not an agent name (letters, digits, '.', '_', '-')");
    }
  }
}
