package dev.jobnet.engine.notify;

import dev.jobnet.engine.config.JobnetProperties;
import dev.jobnet.engine.security.JobnetGroups;
import dev.jobnet.protocol.ProcessVariables;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who is told ({@code docs/notifications.md}), looked up when a mail is sent, from the engine's
 * history and identity service (the applications' user directory), as the engine (no user):
 *
 * <ul>
 *   <li>of a run: the start variable {@code notifyEmail} (one address or several, comma-separated),
 *       else the e-mail of the user named by the start variable {@code userId}, else that of the user
 *       who started the run; a run its schedule started (its timer start event) has no such user: the
 *       administrators are told instead;
 *   <li>administrators: every member of {@code jobnet-admins} with an e-mail, and
 *       {@code JOBNET_ADMIN_EMAIL}.
 * </ul>
 */
@Component
class Recipients {

  /** Start variable: where the run's mail goes. */
  static final String NOTIFY_EMAIL = "notifyEmail";
  /** Start variable: the user (of the identity service) the run is for. */
  static final String USER_ID = "userId";

  private static final Logger LOG = LoggerFactory.getLogger(Recipients.class);

  private final HistoryService history;
  private final RepositoryService repository;
  private final IdentityService identity;
  private final JobnetProperties properties;

  Recipients(HistoryService history, RepositoryService repository, IdentityService identity,
      JobnetProperties properties) {
    this.history = history;
    this.repository = repository;
    this.identity = identity;
    this.properties = properties;
  }

  /** Who is told that the root run ended; empty if nobody can be. */
  List<String> ofRun(String rootRunId) {
    Map<String, Object> start = new LinkedHashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(rootRunId)
        .variableNameIn(NOTIFY_EMAIL, USER_ID, ProcessVariables.SCHEDULED_AT).disableCustomObjectDeserialization()
        .list()) {
      if (rootRunId.equals(v.getExecutionId()) && v.getValue() != null) {
        start.put(v.getName(), v.getValue());
      }
    }
    List<String> explicit = addresses(start.get(NOTIFY_EMAIL), NOTIFY_EMAIL + " of run " + rootRunId);
    if (!explicit.isEmpty()) {
      return explicit;
    }
    if (start.get(USER_ID) != null) {
      List<String> user = emailOf(start.get(USER_ID).toString());
      if (!user.isEmpty()) {
        return user;
      }
    }
    HistoricProcessInstance run = history.createHistoricProcessInstanceQuery().processInstanceId(rootRunId)
        .singleResult();
    if (run == null) {
      return List.of();
    }
    if (run.getStartUserId() != null) {
      return emailOf(run.getStartUserId());
    }
    return start.containsKey(ProcessVariables.SCHEDULED_AT) || scheduled(run) ? administrators() : List.of();
  }

  /**
   * Whether the run was started by a timer start event (a version deployed before the scheduler of
   * schedules took over the short form); the scheduler's runs carry {@link ProcessVariables#SCHEDULED_AT}.
   */
  private boolean scheduled(HistoricProcessInstance run) {
    if (run.getStartActivityId() == null) {
      return false;
    }
    ModelElementInstance start = repository.getBpmnModelInstance(run.getProcessDefinitionId())
        .getModelElementById(run.getStartActivityId());
    return start instanceof StartEvent event
        && !event.getChildElementsByType(TimerEventDefinition.class).isEmpty();
  }

  /** The administrators' addresses, each once. */
  List<String> administrators() {
    Map<String, String> unique = new LinkedHashMap<>();
    for (User user : identity.createUserQuery().memberOfGroup(JobnetGroups.OPERATORS).orderByUserId().asc().list()) {
      addresses(user.getEmail(), "e-mail of user " + user.getId()).forEach(a -> unique.putIfAbsent(key(a), a));
    }
    addresses(properties.admin().email(), "JOBNET_ADMIN_EMAIL").forEach(a -> unique.putIfAbsent(key(a), a));
    return new ArrayList<>(unique.values());
  }

  private List<String> emailOf(String userId) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    return user == null ? List.of() : addresses(user.getEmail(), "e-mail of user " + userId);
  }

  /** The valid addresses of a comma-separated list; invalid ones are logged and left out. */
  private static List<String> addresses(Object value, String where) {
    List<String> result = new ArrayList<>();
    if (value == null || value.toString().isBlank()) {
      return result;
    }
    for (String part : value.toString().split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        InternetAddress address = new InternetAddress(part.strip(), true);
        result.add(address.toString());
      } catch (AddressException e) {
        LOG.warn("ignoring '{}' in the {}: not a mail address ({})", part.strip(), where, e.getMessage());
      }
    }
    return result;
  }

  private static String key(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
