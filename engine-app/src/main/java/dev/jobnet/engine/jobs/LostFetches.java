package dev.jobnet.engine.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The fetches whose answers their agent says it never received ({@code jobnet_lost_fetch}, Flyway
 * {@code V13}): the start markers those fetches wrote stand for jobs nobody started. A job whose marker
 * came from a lost fetch is handed to the next agent as if it had none, instead of being made STUCK by
 * the re-delivery guard or the watchdog. Rows are kept a day ({@link #forgetOld}), far longer than any
 * lock.
 */
@Component
public class LostFetches {

  /** How long a declaration is kept: far longer than any lock, so no marker of its fetch is left. */
  static final Duration KEEP = Duration.ofDays(1);

  private final JdbcTemplate jdbc;
  private final Clock clock;

  LostFetches(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records that {@code agent} never received the answers of these fetches; names known already are skipped. */
  public void declare(String agent, Collection<String> fetchIds) {
    Timestamp now = Timestamp.from(clock.instant());
    for (String fetchId : fetchIds) {
      if (isLost(agent, fetchId)) {
        continue;
      }
      try {
        jdbc.update("INSERT INTO jobnet_lost_fetch (agent, fetch_id, declared_at) VALUES (?, ?, ?)", agent, fetchId,
            now);
      } catch (DuplicateKeyException e) {
        // the same declaration arrived twice at once: it is recorded
      }
    }
  }

  /** Whether {@code agent} said it never received the answer of fetch {@code fetchId} (null: no fetch). */
  public boolean isLost(String agent, String fetchId) {
    if (agent == null || fetchId == null) {
      return false;
    }
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM jobnet_lost_fetch WHERE agent = ? AND fetch_id = ?",
        Integer.class, agent, fetchId);
    return n != null && n > 0;
  }

  /** Forgets the declarations older than {@link #KEEP}; how many. */
  public int forgetOld() {
    return forgetBefore(clock.instant().minus(KEEP));
  }

  /** Forgets declarations made before {@code before}; how many. */
  public int forgetBefore(Instant before) {
    return jdbc.update("DELETE FROM jobnet_lost_fetch WHERE declared_at < ?", Timestamp.from(before));
  }
}
