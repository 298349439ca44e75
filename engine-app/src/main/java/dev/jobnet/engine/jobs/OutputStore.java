package dev.jobnet.engine.jobs;

import dev.jobnet.engine.jobs.OutputWindow.Plan;
import dev.jobnet.engine.jobs.OutputWindow.Stored;
import java.io.ByteArrayOutputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tables {@code jobnet_job_log} (one row per job, attempt and stream: where it belongs, the
 * head's length, the bytes received) and {@code jobnet_job_log_chunk} (the kept bytes, in pieces of
 * at most {@link #CHUNK} bytes keyed by their stream offset). Pieces make a request cost what it
 * carries: appending inserts new pieces (or fills the last one) and deletes the pieces the tail
 * has left behind, instead of rewriting megabytes for every request.
 *
 * <p>An append holds the log's row with {@code SELECT ... FOR UPDATE} for its transaction, so
 * requests for one stream are applied one after the other on every node of a cluster.
 */
@Repository
class OutputStore {

  /** The largest piece stored in one row. */
  static final int CHUNK = 256 * 1024;

  private static final String KEY = " WHERE external_task_id = ? AND attempt = ? AND stream = ?";
  private static final String LOG_COLUMNS =
      "SELECT external_task_id, attempt, stream, process_instance_id, activity_id, head_bytes, total_bytes"
          + " FROM jobnet_job_log";
  private static final String FIND = LOG_COLUMNS + KEY;
  private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
  private static final String LATEST_OF_TASK = LOG_COLUMNS + " WHERE external_task_id = ? AND stream = ?"
      + " ORDER BY attempt DESC FETCH FIRST 1 ROWS ONLY";
  private static final String LATEST_OF_JOB = LOG_COLUMNS + " WHERE process_instance_id = ? AND activity_id = ?"
      + " AND stream = ? ORDER BY attempt DESC, updated_at DESC FETCH FIRST 1 ROWS ONLY";
  private static final String ATTEMPT_OF_JOB = LOG_COLUMNS + " WHERE process_instance_id = ? AND activity_id = ?"
      + " AND stream = ? AND attempt = ? ORDER BY updated_at DESC FETCH FIRST 1 ROWS ONLY";
  private static final String LOGS_OF_JOB = LOG_COLUMNS + " WHERE process_instance_id = ? AND activity_id = ?"
      + " ORDER BY attempt, stream, updated_at";
  private static final String LOGS_OF_TASK = LOG_COLUMNS + " WHERE external_task_id = ? ORDER BY attempt, stream";
  private static final String INSERT_LOG = "INSERT INTO jobnet_job_log (external_task_id, attempt, stream,"
      + " process_instance_id, activity_id, head_bytes, total_bytes, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?)";
  private static final String UPDATE_LOG = "UPDATE jobnet_job_log SET head_bytes = ?, total_bytes = ?, updated_at = ?"
      + KEY;
  private static final String LAST_CHUNK = "SELECT start_offset, end_offset FROM jobnet_job_log_chunk" + KEY
      + " ORDER BY start_offset DESC FETCH FIRST 1 ROWS ONLY";
  private static final String CHUNK_CONTENT = "SELECT content FROM jobnet_job_log_chunk" + KEY
      + " AND start_offset = ?";
  private static final String INSERT_CHUNK = "INSERT INTO jobnet_job_log_chunk (external_task_id, attempt, stream,"
      + " start_offset, end_offset, content) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String REWRITE_CHUNK = "UPDATE jobnet_job_log_chunk SET start_offset = ?, end_offset = ?,"
      + " content = ?" + KEY + " AND start_offset = ?";
  private static final String DROP_LEFT_BEHIND = "DELETE FROM jobnet_job_log_chunk" + KEY
      + " AND start_offset >= ? AND end_offset <= ?";
  private static final String STRADDLING = "SELECT start_offset, end_offset, content FROM jobnet_job_log_chunk" + KEY
      + " AND start_offset >= ? AND start_offset < ? AND end_offset > ?";
  private static final String ALL_CHUNKS = "SELECT start_offset, content FROM jobnet_job_log_chunk" + KEY
      + " ORDER BY start_offset";

  /** One stream of one attempt of one job. */
  record Key(String taskId, int attempt, LogStream stream) {}

  /** The row of one log. */
  record Log(Key key, String processInstanceId, String activityId, long headBytes, long total) {}

  private record Chunk(long start, long end) {

    int length() {
      return (int) (end - start);
    }
  }

  private static final RowMapper<Log> LOG = (rs, i) -> new Log(
      new Key(rs.getString(1), rs.getInt(2), LogStream.of(rs.getString(3))),
      rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7));

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final int chunk;

  @Autowired
  OutputStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
    this(jdbc, transactions, clock, CHUNK);
  }

  /** With pieces of at most {@code chunk} bytes (tests use small ones). */
  OutputStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock, int chunk) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
    this.chunk = chunk;
  }

  Optional<Log> find(Key key) {
    return one(jdbc.query(FIND, LOG, key.taskId(), key.attempt(), key.stream().id()));
  }

  Optional<Log> latestOfTask(String taskId, LogStream stream) {
    return one(jdbc.query(LATEST_OF_TASK, LOG, taskId, stream.id()));
  }

  Optional<Log> ofJob(String processInstanceId, String activityId, LogStream stream, Integer attempt) {
    return one(attempt == null
        ? jdbc.query(LATEST_OF_JOB, LOG, processInstanceId, activityId, stream.id())
        : jdbc.query(ATTEMPT_OF_JOB, LOG, processInstanceId, activityId, stream.id(), attempt));
  }

  /** Every log of a job (each stream of each attempt shipped), by attempt. */
  List<Log> ofJob(String processInstanceId, String activityId) {
    return jdbc.query(LOGS_OF_JOB, LOG, processInstanceId, activityId);
  }

  /** Every log of an external task (each stream of each attempt shipped), by attempt. */
  List<Log> ofTask(String taskId) {
    return jdbc.query(LOGS_OF_TASK, LOG, taskId);
  }

  /** An empty log, unless there is one already (another request, maybe on another node, was first). */
  void create(Key key, String processInstanceId, String activityId) {
    try {
      tx.executeWithoutResult(s -> jdbc.update(INSERT_LOG, key.taskId(), key.attempt(), key.stream().id(),
          processInstanceId, activityId, now()));
    } catch (DuplicateKeyException e) {
      // there is one: fine
    }
  }

  /**
   * Appends {@code body}, which starts at stream offset {@code offset}, to an existing log; bytes
   * received before are skipped. The number of bytes received in all, or {@link OffsetGapException}
   * if the body starts after them.
   */
  long append(Key key, long offset, byte[] body, OutputWindow window) {
    return append(key, offset, body, window, null).total();
  }

  /**
   * The same for a sender that knows the stream's final length ({@code streamLength}, or null): then
   * it may leave out bytes that would not be kept ({@link OutputWindow#plan(Stored, long, int, Long)}).
   * What was received, with where the sender goes on ({@link OutputWindow#next}).
   */
  Received append(Key key, long offset, byte[] body, OutputWindow window, Long streamLength) {
    return tx.execute(s -> {
      Log log = one(jdbc.query(FIND_FOR_UPDATE, LOG, key.taskId(), key.attempt(), key.stream().id()))
          .orElseThrow(() -> new IllegalStateException("no log row for " + key + "; create it first"));
      Plan plan = window.plan(new Stored(log.headBytes(), log.total()), offset, body.length, streamLength);
      if (plan == null) {
        throw new OffsetGapException("output of " + key.stream().id() + " of job " + key.taskId() + " attempt "
            + key.attempt() + " starts at offset " + offset + ", but " + log.total()
            + " bytes were received so far: send from offset " + log.total(), log.total());
      }
      long headBytes = plan.after().headBytes();
      if (plan.hasHead()) {
        appendBytes(key, offset + plan.headFrom(), body, plan.headFrom(), plan.headTo(), headBytes);
      }
      if (plan.hasTail()) {
        appendBytes(key, offset + plan.tailFrom(), body, plan.tailFrom(), plan.length(), headBytes);
      }
      dropLeftBehind(key, headBytes, plan.tailStart());
      if (plan.after().total() != log.total() || headBytes != log.headBytes()) {
        jdbc.update(UPDATE_LOG, headBytes, plan.after().total(), now(), key.taskId(), key.attempt(),
            key.stream().id());
      }
      return new Received(plan.after().total(), window.next(plan.after(), streamLength));
    });
  }

  /** The bytes of a stream received in all (skipped ones included), and where the sender goes on. */
  record Received(long total, long next) {}

  /** The kept bytes as text, read under the row's lock so that no append is half seen. */
  OutputText read(Key key) {
    return tx.execute(s -> {
      Log log = one(jdbc.query(FIND_FOR_UPDATE, LOG, key.taskId(), key.attempt(), key.stream().id()))
          .orElseThrow(() -> new JobNotFoundException("the output of " + key + " is gone"));
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      ByteArrayOutputStream tail = new ByteArrayOutputStream();
      jdbc.query(ALL_CHUNKS, rs -> {
        (rs.getLong(1) < log.headBytes() ? head : tail).writeBytes(rs.getBytes(2));
      }, key.taskId(), key.attempt(), key.stream().id());
      return OutputText.of(head.toByteArray(), tail.toByteArray(), log.total());
    });
  }

  /**
   * Stores {@code body[from, to)} at stream offset {@code at}: first into the last piece if it ends
   * there, is on the same side of the head's end and has room, then in new pieces.
   */
  private void appendBytes(Key key, long at, byte[] body, int from, int to, long headBytes) {
    int pos = from;
    long offset = at;
    Chunk last = one(jdbc.query(LAST_CHUNK, (rs, i) -> new Chunk(rs.getLong(1), rs.getLong(2)),
        key.taskId(), key.attempt(), key.stream().id())).orElse(null);
    if (last != null && last.end() == offset && (last.start() < headBytes) == (offset < headBytes)
        && last.length() < chunk) {
      int n = Math.min(chunk - last.length(), to - pos);
      byte[] old = jdbc.queryForObject(CHUNK_CONTENT, byte[].class, key.taskId(), key.attempt(), key.stream().id(),
          last.start());
      byte[] merged = Arrays.copyOf(old, old.length + n);
      System.arraycopy(body, pos, merged, old.length, n);
      jdbc.update(REWRITE_CHUNK, last.start(), last.start() + merged.length, merged, key.taskId(), key.attempt(),
          key.stream().id(), last.start());
      pos += n;
      offset += n;
    }
    while (pos < to) {
      int n = Math.min(chunk, to - pos);
      jdbc.update(INSERT_CHUNK, key.taskId(), key.attempt(), key.stream().id(), offset, offset + n,
          Arrays.copyOfRange(body, pos, pos + n));
      pos += n;
      offset += n;
    }
  }

  /** Deletes the tail's pieces before {@code tailStart} and cuts the one that straddles it. */
  private void dropLeftBehind(Key key, long headBytes, long tailStart) {
    jdbc.update(DROP_LEFT_BEHIND, key.taskId(), key.attempt(), key.stream().id(), headBytes, tailStart);
    record Straddling(long start, long end, byte[] content) {}
    List<Straddling> cut = jdbc.query(STRADDLING, (rs, i) -> new Straddling(rs.getLong(1), rs.getLong(2),
        rs.getBytes(3)), key.taskId(), key.attempt(), key.stream().id(), headBytes, tailStart, tailStart);
    for (Straddling c : cut) {
      byte[] kept = Arrays.copyOfRange(c.content(), (int) (tailStart - c.start()), c.content().length);
      jdbc.update(REWRITE_CHUNK, tailStart, c.end(), kept, key.taskId(), key.attempt(), key.stream().id(), c.start());
    }
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  private static <T> Optional<T> one(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }
}
