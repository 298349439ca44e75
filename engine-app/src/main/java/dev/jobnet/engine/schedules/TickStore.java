package dev.jobnet.engine.schedules;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code jobnet_schedule_tick}: one row per tick of a scheduled jobnet that the scheduler decided, its
 * key the jobnet, tenant and tick time, so that a tick is decided once whatever the number of engine
 * nodes: the node whose insert succeeds decides it, in the transaction that starts its run.
 */
@Component
class TickStore {

  /** A decided tick. */
  record Row(String jobnet, String tenantId, Instant tickAt, TickState state, String runId, Instant decidedAt,
      String reason) {}

  private final JdbcTemplate jdbc;

  TickStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The latest tick decided for the jobnet, if any. */
  Optional<Instant> latest(ScheduledJobnet j) {
    Timestamp t = jdbc.queryForObject("SELECT MAX(tick_at) FROM jobnet_schedule_tick WHERE jobnet_key = ?"
        + " AND tenant_id = ?", Timestamp.class, j.key(), j.tenantKey());
    return Optional.ofNullable(t).map(Timestamp::toInstant);
  }

  /** Claims the tick in {@code state}; false when another node claimed it first. */
  boolean claim(ScheduledJobnet j, Instant tickAt, TickState state, String runId, Instant now, String reason) {
    try {
      jdbc.update("INSERT INTO jobnet_schedule_tick (jobnet_key, tenant_id, tick_at, state, run_id, decided_at,"
          + " reason) VALUES (?, ?, ?, ?, ?, ?, ?)", j.key(), j.tenantKey(), Timestamp.from(tickAt), state.name(), runId,
          Timestamp.from(now), reason);
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  /** Sets the run a claimed tick started (written after the claim, in its transaction). */
  void runOf(ScheduledJobnet j, Instant tickAt, String runId) {
    jdbc.update("UPDATE jobnet_schedule_tick SET run_id = ? WHERE jobnet_key = ? AND tenant_id = ? AND tick_at = ?",
        runId, j.key(), j.tenantKey(), Timestamp.from(tickAt));
  }

  /** The runs started for the jobnet's ticks from {@code from} on. */
  java.util.Set<String> runsFrom(ScheduledJobnet j, Instant from) {
    return new java.util.HashSet<>(jdbc.queryForList("SELECT run_id FROM jobnet_schedule_tick WHERE jobnet_key = ?"
        + " AND tenant_id = ? AND tick_at >= ? AND run_id IS NOT NULL", String.class, j.key(), j.tenantKey(),
        Timestamp.from(from)));
  }

  /** The oldest tick of the jobnet still QUEUED, if any. */
  Optional<Instant> oldestQueued(ScheduledJobnet j) {
    Timestamp t = jdbc.queryForObject("SELECT MIN(tick_at) FROM jobnet_schedule_tick WHERE jobnet_key = ?"
        + " AND tenant_id = ? AND state = ?", Timestamp.class, j.key(), j.tenantKey(), TickState.QUEUED.name());
    return Optional.ofNullable(t).map(Timestamp::toInstant);
  }

  /** Takes a QUEUED tick to start its run; false when another node took it first. */
  boolean takeQueued(ScheduledJobnet j, Instant tickAt, Instant now) {
    TickState.QUEUED.becomes(TickState.STARTED, j.key() + " " + tickAt);
    return jdbc.update("UPDATE jobnet_schedule_tick SET state = ?, decided_at = ? WHERE jobnet_key = ? AND tenant_id = ?"
        + " AND tick_at = ? AND state = ?", TickState.STARTED.name(), Timestamp.from(now), j.key(), j.tenantKey(),
        Timestamp.from(tickAt), TickState.QUEUED.name()) == 1;
  }

  /** The latest decided ticks of the jobnet, newest first. */
  List<Row> recent(ScheduledJobnet j, int max) {
    return jdbc.query("SELECT jobnet_key, tenant_id, tick_at, state, run_id, decided_at, reason FROM jobnet_schedule_tick"
        + " WHERE jobnet_key = ? AND tenant_id = ? ORDER BY tick_at DESC", ps -> {
          ps.setString(1, j.key());
          ps.setString(2, j.tenantKey());
          ps.setMaxRows(max);
        }, (rs, i) -> new Row(rs.getString(1), rs.getString(2).isEmpty() ? null : rs.getString(2),
            rs.getTimestamp(3).toInstant(), TickState.valueOf(rs.getString(4)), rs.getString(5),
            rs.getTimestamp(6).toInstant(), rs.getString(7)));
  }
}
