package dev.jobnet.engine.history;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps our state table at its resting size: once Camunda's history cleanup has removed a run (after
 * its history time to live), the job states recorded for it go too. Idempotent, so several engine-app
 * nodes may run it at once; deletes in batches so a large backlog never holds a long transaction.
 */
@Component
public class StateCleanup {

  static final int BATCH = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(StateCleanup.class);

  private static final String ORPHANS = "SELECT DISTINCT s.process_instance_id FROM jobnet_node_state s"
      + " WHERE NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST h WHERE h.PROC_INST_ID_ = s.process_instance_id)"
      + " AND NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.PROC_INST_ID_ = s.process_instance_id)";
  private static final String DELETE = "DELETE FROM jobnet_node_state WHERE process_instance_id = ?";

  private final JdbcTemplate jdbc;
  private final JdbcTemplate batches;

  public StateCleanup(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.batches = new JdbcTemplate(dataSource);
    this.batches.setMaxRows(BATCH);
  }

  /** Removes the states of runs whose history is gone; the number of runs cleaned. */
  @Scheduled(fixedDelayString = "${jobnet.history.state-cleanup-interval:PT1H}", initialDelayString = "PT1M")
  public int cleanUp() {
    int total = 0;
    while (true) {
      var orphans = batches.queryForList(ORPHANS, String.class);
      if (orphans.isEmpty()) {
        break;
      }
      for (String id : orphans) {
        jdbc.update(DELETE, id);
      }
      total += orphans.size();
      if (orphans.size() < BATCH) {
        break;
      }
    }
    if (total > 0) {
      LOG.info("removed the job states of {} run(s) whose history was cleaned up", total);
    }
    return total;
  }
}
