package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.jobs.OutputStore.Key;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import dev.jobnet.engine.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The log tables with tiny pieces, so that filling, splitting, dropping and cutting pieces all happen
 * many times per stream. On H2 in the build; on PostgreSQL too when run with {@code -Dtest} (the
 * build's PostgreSQL execution then runs it as well), and {@code JobOutputAppTest} runs the same
 * statements there.
 */
class OutputStoreTest {

  private static JdbcTemplate jdbc;
  private static DataSourceTransactionManager transactions;

  /** The test JVM's kind of database (H2, or PostgreSQL when the build runs this test there), with the log tables. */
  @BeforeAll
  static void database() {
    TestDatabase db = TestDatabase.create(TestDatabase.configuredKind());
    DriverManagerDataSource dataSource = new DriverManagerDataSource(db.url(), db.user(), db.password());
    new ResourceDatabasePopulator(new ClassPathResource("db/migration/V4__jobnet_job_log.sql")).execute(dataSource);
    jdbc = new JdbcTemplate(dataSource);
    transactions = new DataSourceTransactionManager(dataSource);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private OutputStore store(int chunk) {
    return new OutputStore(jdbc, transactions, Clock.systemUTC(), chunk);
  }

  private static byte[] stream(Random random, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) ('a' + random.nextInt(26));
    }
    return bytes;
  }

  @Test
  void randomPiecesKeepExactlyTheHeadAndTheTailInFewPieces() {
    Random random = new Random(7);
    for (int round = 0; round < 60; round++) {
      // given
      int chunk = 1 + random.nextInt(40);
      int cap = 2 + random.nextInt(200);
      OutputStore store = store(chunk);
      OutputWindow window = OutputWindow.ofCap(cap);
      Key key = new Key(unique("task"), 1 + random.nextInt(3), LogStream.STDOUT);
      store.create(key, unique("run"), "job");
      byte[] s = stream(random, random.nextInt(1500));
      // when: pieces, some repeating what was sent, some leaving a gap
      long sent = 0;
      while (sent < s.length) {
        long from = Math.max(0, sent - random.nextInt(15));
        if (random.nextInt(8) == 0) {
          long expected = sent;
          assertThatThrownBy(() -> store.append(key, expected + 1 + random.nextInt(2), new byte[] {'x'}, window))
              .isInstanceOfSatisfying(OffsetGapException.class, e -> assertThat(e.expectedOffset()).isEqualTo(expected));
        }
        int length = (int) Math.min(s.length - from, 1 + random.nextInt(cap + 30));
        sent = store.append(key, from, Arrays.copyOfRange(s, (int) from, (int) from + length), window);
      }
      // then
      int headEnd = Math.min(cap / 2, s.length);
      int tailFrom = Math.max(headEnd, s.length - (cap - cap / 2));
      OutputText expected = OutputText.of(Arrays.copyOf(s, headEnd), Arrays.copyOfRange(s, tailFrom, s.length),
          s.length);
      OutputText text = store.read(key);
      assertThat(new String(text.text())).as("round %d (chunk %d, cap %d, %d bytes)", round, chunk, cap, s.length)
          .isEqualTo(new String(expected.text()));
      assertThat(text.total()).isEqualTo(s.length);
      long stored = jdbc.queryForObject("SELECT COALESCE(SUM(OCTET_LENGTH(content)), 0) FROM jobnet_job_log_chunk"
          + " WHERE external_task_id = ?", Long.class, key.taskId());
      assertThat(stored).isEqualTo(headEnd + (s.length - tailFrom));
      int pieces = jdbc.queryForObject("SELECT COUNT(*) FROM jobnet_job_log_chunk WHERE external_task_id = ?",
          Integer.class, key.taskId());
      int headPieces = (headEnd + chunk - 1) / chunk;
      int tailPieces = (s.length - tailFrom + chunk - 1) / chunk + 1;
      assertThat(pieces).as("pieces of round %d", round).isLessThanOrEqualTo(headPieces + tailPieces);
    }
  }

  @Test
  void aSenderThatKnowsTheFinalLengthLeavesOutTheMiddleAndTheSameEndsAreKept() {
    // given: 100 bytes of a 1,000-byte stream sent while the command ran; cap 100, pieces of 16
    OutputStore store = store(16);
    OutputWindow window = OutputWindow.ofCap(100);
    Key key = new Key(unique("task"), 1, LogStream.STDOUT);
    store.create(key, unique("run"), "job");
    byte[] s = stream(new Random(3), 1000);
    store.append(key, 0, Arrays.copyOf(s, 100), window);
    // when: the command ended: the next piece says the length, and the answer where to go on
    OutputStore.Received first = store.append(key, 100, Arrays.copyOfRange(s, 100, 110), window, 1000L);
    OutputStore.Received last = store.append(key, first.next(), Arrays.copyOfRange(s, (int) first.next(), 1000),
        window, 1000L);
    // then
    assertThat(first.total()).isEqualTo(110);
    assertThat(first.next()).isEqualTo(950);
    assertThat(last).isEqualTo(new OutputStore.Received(1000, 1000));
    OutputText text = store.read(key);
    assertThat(new String(text.text())).isEqualTo(new String(OutputText.of(Arrays.copyOf(s, 50),
        Arrays.copyOfRange(s, 950, 1000), 1000).text()));
    assertThat(text.total()).isEqualTo(1000);
    long stored = jdbc.queryForObject("SELECT SUM(OCTET_LENGTH(content)) FROM jobnet_job_log_chunk"
        + " WHERE external_task_id = ?", Long.class, key.taskId());
    assertThat(stored).isEqualTo(100);
  }

  @Test
  void creatingALogTwiceKeepsTheFirst() {
    // given
    OutputStore store = store(10);
    Key key = new Key(unique("task"), 1, LogStream.STDERR);
    store.create(key, unique("run"), "job");
    store.append(key, 0, "abc".getBytes(), OutputWindow.ofCap(100));
    // when
    store.create(key, "run", "job");
    // then
    assertThat(store.find(key).orElseThrow().total()).isEqualTo(3);
  }

  @Test
  void deletingALogDeletesItsPieces() {
    // given
    OutputStore store = store(2);
    Key key = new Key(unique("task"), 1, LogStream.STDOUT);
    String run = unique("run");
    store.create(key, run, "job");
    store.append(key, 0, "abcdefgh".getBytes(), OutputWindow.ofCap(100));
    // when
    jdbc.update("DELETE FROM jobnet_job_log WHERE process_instance_id = ?", run);
    // then
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobnet_job_log_chunk WHERE external_task_id = ?",
        Integer.class, key.taskId())).isZero();
  }
}
