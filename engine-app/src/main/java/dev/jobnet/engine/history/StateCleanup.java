package dev.jobnet.engine.history;

import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps our tables at their resting size: once Camunda's history cleanup has removed a run (after
 * its history time to live), the job states recorded for it and the output its jobs shipped
 * ({@code jobnet_job_log}, whose pieces go with their rows) go too. Idempotent, so several engine-app
 * nodes may run it at once; deletes in batches so a large backlog never holds a long transaction.
 */
@Component
public class StateCleanup {

  static final int BATCH = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(StateCleanup.class);

  /** A table of ours keyed by run: how to find the runs that are gone, how to delete one run's rows. */
  private record Table(String name, String orphans, String delete) {

    static Table of(String name) {
      return new Table(name, "SELECT DISTINCT t.process_instance_id FROM " + name + " t"
          + " WHERE NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST h WHERE h.PROC_INST_ID_ = t.process_instance_id)"
          + " AND NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.PROC_INST_ID_ = t.process_instance_id)",
          "DELETE FROM " + name + " WHERE process_instance_id = ?");
    }
  }

  private static final Table STATES = Table.of("jobnet_node_state");
  /** Deleting a log row deletes its pieces ({@code ON DELETE CASCADE}). */
  private static final Table OUTPUT = Table.of("jobnet_job_log");
  /** Operators' decisions (stop, resolve) and the watchdog's STUCK marks of runs that are gone. */
  private static final Table ACTIONS = Table.of("jobnet_operator_action");
  private static final Table STUCK = Table.of("jobnet_stuck");

  private final JdbcTemplate jdbc;
  private final JdbcTemplate batches;

  public StateCleanup(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.batches = new JdbcTemplate(dataSource);
    this.batches.setMaxRows(BATCH);
  }

  /**
   * Removes the states and the job output of runs whose history is gone; the number of runs cleaned,
   * counted once per table.
   */
  @Scheduled(fixedDelayString = "${jobnet.history.state-cleanup-interval:PT1H}", initialDelayString = "PT1M")
  public int cleanUp() {
    int states = cleanUp(STATES);
    int output = cleanUp(OUTPUT);
    cleanUp(ACTIONS);
    cleanUp(STUCK);
    if (states > 0 || output > 0) {
      LOG.info("removed the job states of {} run(s) and the job output of {} run(s) whose history was cleaned up",
          states, output);
    }
    return states + output;
  }

  private int cleanUp(Table table) {
    int total = 0;
    while (true) {
      List<String> orphans = batches.queryForList(table.orphans(), String.class);
      if (orphans.isEmpty()) {
        break;
      }
      for (String id : orphans) {
        jdbc.update(table.delete(), id);
      }
      total += orphans.size();
      if (orphans.size() < BATCH) {
        break;
      }
    }
    return total;
  }
}
