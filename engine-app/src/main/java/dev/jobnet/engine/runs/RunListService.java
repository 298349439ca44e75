package dev.jobnet.engine.runs;

import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.JobnetVariables;
import dev.jobnet.engine.semantics.NodeStateTable;
import dev.jobnet.engine.semantics.RunState;
import dev.jobnet.protocol.ProcessVariables;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The list of root runs ({@code GET /jobnet-api/runs}): the engine's history as the caller sees it,
 * newest first, with each run's outcome, start parameters and the counts of its running and stuck
 * jobs (in the run and in the runs its expansions started).
 */
@Service
class RunListService {

  /** Jobs an agent holds now: locked, the lock not expired, no incident. */
  private static final String RUNNING_SQL = """
      SELECT e.ROOT_PROC_INST_ID_ AS root_id, COUNT(*) AS n
      FROM ACT_RU_EXT_TASK t JOIN ACT_RU_EXECUTION e ON e.ID_ = t.PROC_INST_ID_
      WHERE e.ROOT_PROC_INST_ID_ IN (:roots) AND t.WORKER_ID_ IS NOT NULL AND t.LOCK_EXP_TIME_ > :now
        AND NOT EXISTS (SELECT 1 FROM ACT_RU_INCIDENT i WHERE i.CONFIGURATION_ = t.ID_)
      GROUP BY e.ROOT_PROC_INST_ID_""";

  /** Jobs whose outcome is unknown: an incident on their external task (STUCK). */
  private static final String FIRST_STARTS_SQL = """
      SELECT root_run_id AS root_id, MIN(occurred_at) AS first_start FROM jobnet_event
      WHERE root_run_id IN (:roots) AND kind = 'JOB_STARTED' GROUP BY root_run_id""";

  private static final String STUCK_SQL = """
      SELECT e.ROOT_PROC_INST_ID_ AS root_id, COUNT(*) AS n
      FROM ACT_RU_INCIDENT i JOIN ACT_RU_EXECUTION e ON e.ID_ = i.PROC_INST_ID_
      WHERE e.ROOT_PROC_INST_ID_ IN (:roots) AND i.INCIDENT_TYPE_ = 'failedExternalTask'
      GROUP BY e.ROOT_PROC_INST_ID_""";


  /**
   * Root runs that need an operator, newest first: ended FAILED or STOPPED since {@code :since} and not
   * rerun, or running with a job STUCK (an incident), FAILED, or held (or the run held).
   */
  private static final String ATTENTION_WHERE = """
      FROM ACT_HI_PROCINST h
      WHERE h.SUPER_PROCESS_INSTANCE_ID_ IS NULL
        AND (CAST(:jobnet AS VARCHAR(255)) IS NULL OR h.PROC_DEF_KEY_ = :jobnet)
        AND (CAST(:businessKey AS VARCHAR(255)) IS NULL OR h.BUSINESS_KEY_ = :businessKey)
        AND ((h.END_TIME_ >= :since
              AND EXISTS (SELECT 1 FROM jobnet_node_state s WHERE s.process_instance_id = h.PROC_INST_ID_
                          AND s.element_id = '_process' AND s.state IN ('FAILED', 'STOPPED'))
              AND NOT EXISTS (SELECT 1 FROM ACT_HI_VARINST v WHERE v.NAME_ = 'jobnetRerunOf'
                              AND v.TEXT_ = h.PROC_INST_ID_))
          OR (h.END_TIME_ IS NULL
              AND (EXISTS (SELECT 1 FROM ACT_RU_INCIDENT i JOIN ACT_RU_EXECUTION e ON e.ID_ = i.PROC_INST_ID_
                           WHERE e.ROOT_PROC_INST_ID_ = h.PROC_INST_ID_ AND i.INCIDENT_TYPE_ = 'failedExternalTask')
                OR EXISTS (SELECT 1 FROM jobnet_node_state s WHERE s.root_instance_id = h.PROC_INST_ID_
                           AND s.state IN ('FAILED', 'ON_HOLD')))))""";
  private static final String ATTENTION_COUNT_SQL = "SELECT COUNT(*) " + ATTENTION_WHERE;
  private static final String ATTENTION_PAGE_SQL = "SELECT h.PROC_INST_ID_ AS id " + ATTENTION_WHERE
      + " ORDER BY h.START_TIME_ DESC, h.PROC_INST_ID_ DESC LIMIT :max OFFSET :first";
  /** The failed, stopped and held nodes of runs (and of the runs their expansions started), for the why. */
  private static final String TROUBLE_SQL = """
      SELECT root_instance_id AS root_id, element_id, state, reason FROM jobnet_node_state
      WHERE root_instance_id IN (:roots) AND state IN ('FAILED', 'STOPPED', 'ON_HOLD')
        AND kind IN ('JOB', 'EXPANSION', 'ROOT')""";
  private static final String RERUN_BY_SQL = """
      SELECT v.TEXT_ AS old_id, v.PROC_INST_ID_ AS new_id FROM ACT_HI_VARINST v
      WHERE v.NAME_ = 'jobnetRerunOf' AND v.TEXT_ IN (:roots)""";
  /** How far back an ended run needs attention. */
  static final java.time.Duration ATTENTION_WINDOW = java.time.Duration.ofHours(24);

  private final HistoryService history;
  private final NamedParameterJdbcTemplate jdbc;
  private final Clock clock;

  RunListService(HistoryService history, JdbcTemplate jdbc, Clock clock) {
    this.history = history;
    this.jdbc = new NamedParameterJdbcTemplate(jdbc);
    this.clock = clock;
  }

  RunPage list(RunFilter filter) {
    if (filter.progress() == RunFilter.Progress.ATTENTION) {
      return attention(filter);
    }
    HistoricProcessInstanceQuery query = history.createHistoricProcessInstanceQuery().rootProcessInstances();
    if (filter.progress() == RunFilter.Progress.RUNNING) {
      query.unfinished();
    } else if (filter.progress() == RunFilter.Progress.FINISHED) {
      query.finished();
    }
    if (filter.jobnet() != null) {
      query.processDefinitionKey(filter.jobnet());
    }
    if (filter.businessKey() != null) {
      query.processInstanceBusinessKey(filter.businessKey());
    }
    long total = query.count();
    List<HistoricProcessInstance> page =
        query.orderByProcessInstanceStartTime().desc().orderByProcessInstanceId().desc()
            .listPage(filter.first(), filter.max());
    if (page.isEmpty()) {
      return new RunPage(total, filter.first(), filter.max(), List.of());
    }
    return new RunPage(total, filter.first(), filter.max(), summaries(page));
  }

  /** The runs that need an operator ({@link RunFilter.Progress#ATTENTION}), newest first. */
  private RunPage attention(RunFilter filter) {
    MapSqlParameterSource params = new MapSqlParameterSource("since", Date.from(clock.instant().minus(ATTENTION_WINDOW)))
        .addValue("jobnet", filter.jobnet()).addValue("businessKey", filter.businessKey())
        .addValue("first", filter.first()).addValue("max", filter.max());
    Long total = jdbc.queryForObject(ATTENTION_COUNT_SQL, params, Long.class);
    List<String> ids = jdbc.queryForList(ATTENTION_PAGE_SQL, params, String.class);
    if (ids.isEmpty()) {
      return new RunPage(total == null ? 0 : total, filter.first(), filter.max(), List.of());
    }
    Map<String, HistoricProcessInstance> found = new HashMap<>();
    history.createHistoricProcessInstanceQuery().processInstanceIds(new java.util.HashSet<>(ids)).list()
        .forEach(h -> found.put(h.getId(), h));
    List<HistoricProcessInstance> page = ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    return new RunPage(total == null ? 0 : total, filter.first(), filter.max(), summaries(page));
  }

  private List<RunSummary> summaries(List<HistoricProcessInstance> page) {
    List<String> ids = page.stream().map(HistoricProcessInstance::getId).toList();
    Variables variables = variables(ids);
    Map<String, Instant> firstStarts = firstStarts(ids);
    Map<String, Integer> running = counts(RUNNING_SQL, ids);
    Map<String, Integer> stuck = counts(STUCK_SQL, ids);
    Map<String, JobState> rootStates = rootStates(ids);
    Map<String, List<String>> trouble = trouble(ids);
    Map<String, String> rerunBy = rerunBy(ids);
    List<RunSummary> runs = new ArrayList<>(page.size());
    for (HistoricProcessInstance hpi : page) {
      String id = hpi.getId();
      RunState outcome = null;
      RunState state = RunState.RUNNING;
      if (hpi.getEndTime() != null) {
        outcome = variables.outcomes.getOrDefault(id,
            rootStates.containsKey(id) ? RunState.ofRecorded(rootStates.get(id)) : RunState.STOPPED);
        state = outcome;
      } else if (rootStates.get(id) == JobState.ON_HOLD) {
        state = RunState.ON_HOLD; // an operator holds it: nothing new starts in it
      }
      runs.add(new RunSummary(id, hpi.getProcessDefinitionKey(),
          hpi.getProcessDefinitionName() != null ? hpi.getProcessDefinitionName() : hpi.getProcessDefinitionKey(),
          hpi.getBusinessKey(), hpi.getTenantId(), state, outcome, instant(hpi.getStartTime()),
          firstStarts.get(id), instant(hpi.getEndTime()), running.getOrDefault(id, 0),
          stuck.getOrDefault(id, 0),
          Collections.unmodifiableMap(variables.parameters.getOrDefault(id, new TreeMap<>())),
          attention(state, stuck.getOrDefault(id, 0), trouble.getOrDefault(id, List.of()), rerunBy.get(id)),
          rerunBy.get(id)));
    }
    return List.copyOf(runs);
  }

  /**
   * Why a run needs an operator: "FAILED: load FAILED (exit status 3)", "2 jobs STUCK; load FAILED",
   * "held by ..."; null for a run that succeeded, runs untroubled, or was rerun.
   */
  static String attention(RunState state, int stuck, List<String> trouble, String rerunBy) {
    if (rerunBy != null || state == RunState.SUCCEEDED) {
      return null;
    }
    List<String> why = new ArrayList<>();
    if (stuck > 0) {
      why.add(stuck + (stuck == 1 ? " job STUCK" : " jobs STUCK"));
    }
    why.addAll(trouble);
    if (why.isEmpty()) {
      return state == RunState.FAILED || state == RunState.STOPPED ? state.name() : null;
    }
    String text = String.join("; ", why);
    return state.isFinal() ? state + ": " + text : text;
  }

  /** Of each run: its failed, stopped and held nodes in words, the run's own hold first. */
  private Map<String, List<String>> trouble(List<String> roots) {
    Map<String, List<String>> trouble = new HashMap<>();
    jdbc.query(TROUBLE_SQL, new MapSqlParameterSource("roots", roots), rs -> {
      String element = rs.getString("element_id");
      String reason = rs.getString("reason");
      String state = rs.getString("state");
      List<String> list = trouble.computeIfAbsent(rs.getString("root_id"), k -> new ArrayList<>());
      if (JobnetVariables.PROCESS_ELEMENT.equals(element)) {
        if (JobState.ON_HOLD.name().equals(state)) {
          list.add(0, "run " + reason); // "run held by admin since ...: ..."
        }
        return;
      }
      if (reason != null && reason.startsWith("upstream ")) {
        return; // a jobnet failed by its children: they say why
      }
      list.add(element + " " + state + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
    });
    return trouble;
  }

  /** The runs that rerun runs of the page, by the old run's id. */
  private Map<String, String> rerunBy(List<String> roots) {
    Map<String, String> by = new HashMap<>();
    jdbc.query(RERUN_BY_SQL, new MapSqlParameterSource("roots", roots),
        rs -> {
          by.put(rs.getString("old_id"), rs.getString("new_id"));
        });
    return by;
  }

  /** What the variables of a page of runs say: outcomes and start parameters. */
  private static final class Variables {
    final Map<String, RunState> outcomes = new HashMap<>();
    final Map<String, Map<String, Object>> parameters = new HashMap<>();
  }

  private Variables variables(List<String> ids) {
    Variables v = new Variables();
    List<HistoricVariableInstance> all = history.createHistoricVariableInstanceQuery()
        .processInstanceIdIn(ids.toArray(String[]::new))
        .disableBinaryFetching().disableCustomObjectDeserialization().list();
    for (HistoricVariableInstance var : all) {
      String pi = var.getProcessInstanceId();
      String name = var.getName();
      if (ProcessVariables.OUTCOME.equals(name)) {
        RunState.ofOutcome(String.valueOf(var.getValue())).ifPresent(outcome -> v.outcomes.put(pi, outcome));
      } else if (!ProcessVariables.isOwn(name) && pi.equals(var.getActivityInstanceId())) {
        v.parameters.computeIfAbsent(pi, k -> new TreeMap<>()).put(name, readable(var.getTypedValue()));
      }
    }
    return v;
  }

  /** A start parameter as JSON can show it: plain values as they are, objects in their serialized form. */
  private static Object readable(TypedValue value) {
    if (value == null) {
      return null;
    }
    if (value instanceof SerializableValue s && !s.isDeserialized()) {
      return s.getValueSerialized();
    }
    Object plain = value.getValue();
    if (plain == null || plain instanceof String || plain instanceof Number || plain instanceof Boolean) {
      return plain;
    }
    if (plain instanceof Date d) {
      return d.toInstant();
    }
    return String.valueOf(plain);
  }

  /** When the first job of each run started its command: its first JOB_STARTED event (a start marker placed). */
  private Map<String, Instant> firstStarts(List<String> roots) {
    Map<String, Instant> first = new HashMap<>();
    jdbc.query(FIRST_STARTS_SQL, new MapSqlParameterSource("roots", roots), rs -> {
      first.put(rs.getString("root_id"), rs.getTimestamp("first_start").toInstant());
    });
    return first;
  }

  private Map<String, Integer> counts(String sql, List<String> roots) {
    MapSqlParameterSource params = new MapSqlParameterSource("roots", roots).addValue("now", Date.from(clock.instant()));
    Map<String, Integer> counts = new LinkedHashMap<>();
    jdbc.query(sql, params, rs -> {
      counts.put(rs.getString("root_id"), rs.getInt("n"));
    });
    return counts;
  }

  /** The recorded states of the runs themselves, of those that have one. */
  private Map<String, JobState> rootStates(List<String> roots) {
    return jdbc.getJdbcTemplate().execute((ConnectionCallback<Map<String, JobState>>) c -> NodeStateTable.runStates(c,
        roots));
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
