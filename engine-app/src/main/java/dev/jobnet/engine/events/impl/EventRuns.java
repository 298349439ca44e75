package dev.jobnet.engine.events.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tenant and the top-level root run of a process instance, for events that do not name them:
 * from the engine command's own executions when the event is recorded inside one (the run may not
 * be in the history tables yet), else from Camunda's history.
 */
@Component
public class EventRuns {

  /** What an event needs to know of its run. */
  public record RunFacts(String rootRunId, String tenantId) {}

  private static final String FROM_HISTORY =
      "SELECT ROOT_PROC_INST_ID_, TENANT_ID_ FROM ACT_HI_PROCINST WHERE PROC_INST_ID_ = ?";

  private final JdbcTemplate jdbc;

  EventRuns(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<RunFacts> of(String processInstanceId) {
    CommandContext command = Context.getCommandContext();
    if (command != null) {
      ExecutionEntity instance = command.getExecutionManager().findExecutionById(processInstanceId);
      if (instance != null) {
        ExecutionEntity root = instance.getProcessInstance();
        while (root.getSuperExecution() != null) {
          root = root.getSuperExecution().getProcessInstance();
        }
        return Optional.of(new RunFacts(root.getId(), instance.getTenantId()));
      }
    }
    List<Map<String, Object>> found = jdbc.queryForList(FROM_HISTORY, processInstanceId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Object root = found.get(0).get("ROOT_PROC_INST_ID_");
    Object tenant = found.get(0).get("TENANT_ID_");
    return Optional.of(new RunFacts(root == null ? processInstanceId : root.toString(),
        tenant == null ? null : tenant.toString()));
  }
}
