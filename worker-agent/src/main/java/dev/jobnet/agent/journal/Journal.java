package dev.jobnet.agent.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's journal on local disk: one directory per job ({@code jobs/<task id>/}) holding
 * {@code job.json} and the attempt's output and exit status. Every write reaches the disk (fsync)
 * and replaces the file atomically, so a crash leaves the old record or the new one, never half.
 */
public final class Journal {

  static final String RECORD = "job.json";

  private final Path jobs;
  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public Journal(Path workDir) {
    this.jobs = workDir.resolve("jobs");
    try {
      Files.createDirectories(jobs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the journal directory " + jobs, e);
    }
  }

  /** The directory of a job, for its output files. */
  public Path directory(String taskId) {
    return jobs.resolve(safe(taskId));
  }

  public void write(JobRecord record) {
    Path dir = directory(record.taskId());
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(RECORD + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(record)));
        ch.force(true);
      }
      try {
        Files.move(tmp, dir.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(RECORD), StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // directories cannot be synced on every file system
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal of job " + record.taskId() + " in " + dir, e);
    }
  }

  public Optional<JobRecord> read(String taskId) {
    Path file = directory(taskId).resolve(RECORD);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), JobRecord.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal of job " + taskId + " (" + file + ")", e);
    }
  }

  /** Every job in the journal, oldest claim first. */
  public List<JobRecord> all() {
    List<JobRecord> records = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(jobs)) {
      for (Path dir : dirs.toList()) {
        Path file = dir.resolve(RECORD);
        if (Files.exists(file)) {
          records.add(json.readValue(file.toFile(), JobRecord.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal in " + jobs, e);
    }
    records.sort(Comparator.comparingLong(JobRecord::claimedAt));
    return records;
  }

  /** Forgets a job that is done, with its output. */
  public void remove(String taskId) {
    Path dir = directory(taskId);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the journal of job " + taskId, e);
    }
  }

  private static String safe(String taskId) {
    if (!taskId.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("unexpected external task id '" + taskId + "'");
    }
    return taskId;
  }
}
