package dev.jobnet.engine.history;

import dev.jobnet.engine.config.JobnetProperties;
import dev.jobnet.engine.semantics.NodeStateTable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps our tables at their resting size: once Camunda's history cleanup has removed a run (after
 * its history time to live), the job states recorded for it, the output its jobs shipped
 * ({@code jobnet_job_log}, whose pieces go with their rows), its events and its sent mails go too. Idempotent, so several engine-app
 * nodes may run it at once; deletes in batches so a large backlog never holds a long transaction.
 */
@Component
public class StateCleanup {

  static final int BATCH = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(StateCleanup.class);

  /** Rows of ours keyed by run: how to find a batch of runs that are gone, how to delete one run's rows. */
  private interface Orphans {

    List<String> batch();

    void delete(String runId);
  }

  /** A table of ours keyed by run, as SQL: how to find the runs that are gone, how to delete one run's rows. */
  private record Table(String name, String orphans, String delete) {

    static Table of(String name) {
      return of(name, "process_instance_id", "");
    }

    /** Rows whose {@code column} names a run that is gone, and that match {@code also} ({@code AND ...}). */
    static Table of(String name, String column, String also) {
      return new Table(name, "SELECT DISTINCT t." + column + " FROM " + name + " t WHERE t." + column + " IS NOT NULL"
          + " AND NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST h WHERE h.PROC_INST_ID_ = t." + column + ")"
          + " AND NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.PROC_INST_ID_ = t." + column + ")" + also,
          "DELETE FROM " + name + " WHERE " + column + " = ?" + also.replace("t.", ""));
    }
  }

  /** Deleting a log row deletes its pieces ({@code ON DELETE CASCADE}). */
  private static final Table OUTPUT = Table.of("jobnet_job_log");
  /** Operators' decisions (stop, resolve) and the watchdog's STUCK marks of runs that are gone. */
  private static final Table ACTIONS = Table.of("jobnet_operator_action");
  private static final Table STUCK = Table.of("jobnet_stuck");
  /** The event log ({@code events}), by root run. */
  private static final Table EVENTS = Table.of("jobnet_event", "root_run_id", "");
  /** Notification mails ({@code notify}) once sent or given up; a mail still due stays until then. */
  private static final Table MAILS = Table.of("jobnet_mail_outbox", "root_run_id", " AND t.state <> 'PENDING'");
  private static final String OLD_EVENTS_OF_NO_RUN = "DELETE FROM jobnet_event WHERE root_run_id IS NULL"
      + " AND occurred_at < ?";
  /**
   * The ticks of schedules decided more than the history days ago, but the latest of each jobnet (the
   * scheduler goes on from it) and those still QUEUED.
   */
  private static final String OLD_SCHEDULE_TICKS = "DELETE FROM jobnet_schedule_tick WHERE decided_at < ?"
      + " AND state <> 'QUEUED' AND tick_at < (SELECT MAX(m.tick_at) FROM jobnet_schedule_tick m"
      + " WHERE m.jobnet_key = jobnet_schedule_tick.jobnet_key AND m.tenant_id = jobnet_schedule_tick.tenant_id)";
  private static final String OLD_MAILS_OF_NO_RUN = "DELETE FROM jobnet_mail_outbox WHERE root_run_id IS NULL"
      + " AND state <> 'PENDING' AND created_at < ?";

  private final JdbcTemplate jdbc;
  private final JdbcTemplate batches;
  private final JobnetProperties properties;
  private final Clock clock;

  public StateCleanup(DataSource dataSource, JobnetProperties properties, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.batches = new JdbcTemplate(dataSource);
    this.batches.setMaxRows(BATCH);
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Removes the states, the job output, the events and the finished mails of runs whose history is
   * gone, and events and mails of no run older than {@code jobnet.history.days}; the number of runs
   * cleaned, counted once per table.
   */
  @Scheduled(fixedDelayString = "${jobnet.history.state-cleanup-interval:PT1H}", initialDelayString = "PT1M")
  public int cleanUp() {
    int states = cleanUp(states());
    int output = cleanUp(OUTPUT);
    cleanUp(ACTIONS);
    cleanUp(STUCK);
    int events = cleanUp(EVENTS);
    int mails = cleanUp(MAILS);
    Timestamp before = Timestamp.from(clock.instant().minus(Duration.ofDays(properties.history().days())));
    int unattached = jdbc.update(OLD_EVENTS_OF_NO_RUN, before) + jdbc.update(OLD_MAILS_OF_NO_RUN, before);
    jdbc.update(OLD_SCHEDULE_TICKS, before);
    if (states > 0 || output > 0 || events > 0 || mails > 0 || unattached > 0) {
      LOG.info("removed the job states of {} run(s), the job output of {} run(s), the events of {} run(s) and the mails "
          + "of {} run(s) whose history was cleaned up, and {} event(s) and mail(s) of no run older than {} days",
          states, output, events, mails, unattached, properties.history().days());
    }
    return states + output + events + mails;
  }

  /** The job states ({@link NodeStateTable}). */
  private Orphans states() {
    return new Orphans() {
      @Override
      public List<String> batch() {
        return jdbc.execute((ConnectionCallback<List<String>>) c -> NodeStateTable.orphanRuns(c, BATCH));
      }

      @Override
      public void delete(String runId) {
        jdbc.execute((ConnectionCallback<Integer>) c -> NodeStateTable.deleteRun(c, runId));
      }
    };
  }

  private int cleanUp(Table table) {
    return cleanUp(new Orphans() {
      @Override
      public List<String> batch() {
        return batches.queryForList(table.orphans(), String.class);
      }

      @Override
      public void delete(String runId) {
        jdbc.update(table.delete(), runId);
      }
    });
  }

  private int cleanUp(Orphans table) {
    int total = 0;
    while (true) {
      List<String> orphans = table.batch();
      if (orphans.isEmpty()) {
        break;
      }
      for (String id : orphans) {
        table.delete(id);
      }
      total += orphans.size();
      if (orphans.size() < BATCH) {
        break;
      }
    }
    return total;
  }
}
