package dev.jobnet.engine.schedules;

import dev.jobnet.converter.schedule.BusinessCalendar;
import dev.jobnet.converter.schedule.ClosedDay;
import dev.jobnet.converter.schedule.Missed;
import dev.jobnet.converter.schedule.Overlap;
import dev.jobnet.converter.schedule.Schedule;
import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.protocol.BpmnProperties;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The deployed root jobnets with a schedule, read from the latest version of each process definition
 * (its {@code jobnet.schedule*} properties); each version's BPMN is read once.
 */
@Component
public class ScheduledJobnets {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobnets.class);

  private final RepositoryService repository;
  private final SchedulesProperties properties;
  /** By definition id: the scheduled jobnet it is, or empty for none (each version's BPMN read once). */
  private final Map<String, Optional<ScheduledJobnet>> read = new ConcurrentHashMap<>();

  ScheduledJobnets(RepositoryService repository, SchedulesProperties properties) {
    this.repository = repository;
    this.properties = properties;
  }

  /** The scheduled jobnets now, those the scheduler starts and those Camunda's timers start. */
  public List<ScheduledJobnet> all() {
    List<ScheduledJobnet> out = new ArrayList<>();
    for (ProcessDefinition d : repository.createProcessDefinitionQuery().latestVersion().active().list()) {
      read.computeIfAbsent(d.getId(), id -> {
        try {
          return scheduleProperties(d).map(p -> of(d, p));
        } catch (RuntimeException e) {
          LOG.warn("jobnet {}: its schedule cannot be read ({}); it is not started on time", d.getKey(), e.getMessage());
          return Optional.empty();
        }
      }).ifPresent(out::add);
    }
    return out;
  }

  private ScheduledJobnet of(ProcessDefinition d, Map<String, String> p) {
    boolean byScheduler = "true".equals(p.get(BpmnProperties.SCHEDULE_SCHEDULER));
    ZoneId zone = Optional.ofNullable(p.get(BpmnProperties.SCHEDULE_TIMEZONE)).map(ZoneId::of).orElse(properties.zone());
    BusinessCalendar calendar = null;
    if (p.containsKey(BpmnProperties.SCHEDULE_CALENDAR)) {
      EnumSet<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
      Arrays.stream(text(p, BpmnProperties.SCHEDULE_WEEKDAYS).split(",")).filter(s -> !s.isBlank())
          .map(String::trim).map(DayOfWeek::valueOf).forEach(weekdays::add);
      TreeSet<LocalDate> holidays = new TreeSet<>();
      Arrays.stream(text(p, BpmnProperties.SCHEDULE_HOLIDAYS).split(",")).filter(s -> !s.isBlank())
          .map(String::trim).map(LocalDate::parse).forEach(holidays::add);
      calendar = new BusinessCalendar(p.get(BpmnProperties.SCHEDULE_CALENDAR), weekdays, holidays);
    }
    Schedule schedule = new Schedule(p.get(BpmnProperties.SCHEDULE), zone, calendar,
        word(p, BpmnProperties.SCHEDULE_ON_CLOSED_DAY, ClosedDay::of, ClosedDay.SKIP),
        word(p, BpmnProperties.SCHEDULE_MISSED, Missed::of, Missed.ONE),
        word(p, BpmnProperties.SCHEDULE_OVERLAP, Overlap::of, Overlap.SKIP));
    Instant deployed = Optional.ofNullable(repository.createDeploymentQuery().deploymentId(d.getDeploymentId())
        .singleResult()).map(dep -> dep.getDeploymentTime().toInstant()).orElse(Instant.EPOCH);
    return new ScheduledJobnet(d.getKey(), d.getTenantId(), d.getId(), schedule, byScheduler, deployed);
  }

  /** A property's text; "" when absent or written without a value (a calendar without holidays). */
  private static String text(Map<String, String> p, String key) {
    String v = p.get(key);
    return v == null ? "" : v;
  }

  private static <T> T word(Map<String, String> p, String key, Function<String, Optional<T>> of,
      T absent) {
    String v = p.get(key);
    return v == null ? absent : of.apply(v).orElseThrow(() -> new IllegalArgumentException(key + " '" + v + "'"));
  }

  /** The process's schedule properties, if it has a schedule. */
  private Optional<Map<String, String>> scheduleProperties(ProcessDefinition d) {
    BpmnModelInstance model = repository.getBpmnModelInstance(d.getId());
    Process process = model == null ? null : model.getModelElementById(d.getKey());
    Map<String, String> props = process == null ? Map.of() : ExtensionProperties.of(process);
    // a property without a value (Camunda Modeler writes them) has none: kept as it is, not read
    return props.get(BpmnProperties.SCHEDULE) != null ? Optional.of(props) : Optional.empty();
  }
}
