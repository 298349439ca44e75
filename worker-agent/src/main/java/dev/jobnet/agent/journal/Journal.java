package dev.jobnet.agent.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The agent's journal on local disk: one directory per job ({@code jobs/<task id>/}) holding the
 * job's records ({@value #LOG}) and the attempt's output and exit status. Each step appends one
 * record, a line of JSON; the last whole line is the job's state, so a crash while appending leaves
 * the previous record. A record is written as a line break, the JSON and a line break: whatever a torn
 * append left stays on a line of its own and is passed over.
 *
 * <p>{@link #write} returns once the record is on disk ({@code fdatasync}, and the job's directory
 * entries with its first such record): the steps a host crash must not lose (the launch, the outcome).
 * {@link #note} only appends: an agent that dies finds the record all the same (the kernel keeps it),
 * and it reaches the disk with the job's next {@link #write}; a host that goes down before that may
 * lose it, which only steps whose loss is harmless may risk (see the callers).
 *
 * <p>Journals of agents before this format kept one record in {@code job.json}, replaced atomically
 * (temp file, fsync, rename) on each step: a job journaled that way is still read, and its next
 * record goes to the log, which then counts.
 */
public final class Journal {

  /** The file of a job's records, one JSON line each, the last whole one counting. */
  static final String LOG = "journal.log";
  /** The one record of a job journaled by an agent before the log ({@link #LOG}). */
  static final String LEGACY_RECORD = "job.json";

  private static final byte NEWLINE = '\n';

  private final Path jobs;
  private final Disk disk;
  /** Jobs whose directory was made by {@link #note}: its entries reach the disk with the job's next {@link #write}. */
  private final Set<String> directoriesNotOnDisk = ConcurrentHashMap.newKeySet();
  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public Journal(Path workDir) {
    this(workDir, Disk.SYNCING);
  }

  /** A journal whose records and directories are made durable by {@code disk}. */
  public Journal(Path workDir, Disk disk) {
    this.disk = disk;
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

  /** Appends the job's new state and returns once it is on disk (with the job's earlier records). */
  public void write(JobRecord record) {
    append(record, true);
  }

  /**
   * Appends the job's new state without waiting for the disk: a restarted agent reads it, and it reaches
   * the disk with the job's next {@link #write}. For a step whose record a host crash may lose.
   */
  public void note(JobRecord record) {
    append(record, false);
  }

  private void append(JobRecord record, boolean durable) {
    String taskId = record.taskId();
    Path dir = directory(taskId);
    Path log = dir.resolve(LOG);
    try {
      byte[] body = json.writeValueAsBytes(record);
      ByteBuffer line = ByteBuffer.allocate(body.length + 2).put(NEWLINE).put(body).put(NEWLINE).flip();
      boolean created = !Files.exists(log);
      if (created) {
        Files.createDirectories(dir);
        directoriesNotOnDisk.add(taskId);
      }
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        while (line.hasRemaining()) {
          ch.write(line);
        }
        if (durable) {
          disk.force(log, ch);
        }
      }
      if (durable && directoriesNotOnDisk.remove(taskId)) {
        disk.forceDirectory(dir);
        disk.forceDirectory(jobs);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal of job " + taskId + " in " + dir, e);
    }
  }

  public Optional<JobRecord> read(String taskId) {
    Path dir = directory(taskId);
    try {
      Optional<JobRecord> logged = lastWholeRecord(dir.resolve(LOG));
      if (logged.isPresent()) {
        return logged;
      }
      Path legacy = dir.resolve(LEGACY_RECORD);
      return Files.exists(legacy) ? Optional.of(json.readValue(legacy.toFile(), JobRecord.class)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal of job " + taskId + " (" + dir + ")", e);
    }
  }

  /** Every job in the journal, oldest claim first. */
  public List<JobRecord> all() {
    List<JobRecord> records = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(jobs)) {
      for (Path dir : dirs.toList()) {
        read(dir.getFileName().toString()).ifPresent(records::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal in " + jobs, e);
    }
    records.sort(Comparator.comparingLong(JobRecord::claimedAt));
    return records;
  }

  /** The last line of the log that is a whole record; empty when there is none (or no log). */
  private Optional<JobRecord> lastWholeRecord(Path log) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(log);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    int end = bytes.length;
    while (end > 0) {
      int start = end - 1;
      while (start >= 0 && bytes[start] != NEWLINE) {
        start--;
      }
      if (end - start > 1) {
        try {
          return Optional.of(json.readValue(bytes, start + 1, end - start - 1, JobRecord.class));
        } catch (JsonProcessingException torn) {
          // what a crash while appending left: the record before it counts
        }
      }
      end = start;
    }
    return Optional.empty();
  }

  /** How records and directory entries are made durable: the file system's syncs, or a test's count of them. */
  public interface Disk {

    Disk SYNCING = new Disk() {
      @Override
      public void force(Path file, FileChannel channel) throws IOException {
        channel.force(false);
      }

      @Override
      public void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
          d.force(true);
        } catch (IOException ignored) {
          // directories cannot be synced on every file system
        }
      }
    };

    /** The data of {@code file}, open as {@code channel}, on disk ({@code fdatasync}). */
    void force(Path file, FileChannel channel) throws IOException;

    /** The directory's entries on disk. */
    void forceDirectory(Path dir);
  }

  /**
   * Forgets a job that reached a final phase (reported, given back, abandoned), with its output. The
   * final record is not written first: every step before it is safe to take again (a report the
   * engine already has is answered as no longer wanted or already counted, a job given back twice is
   * merely unlocked again), so a crash before the removal ends leaves the previous record, which a
   * restarted agent finishes the same way, and the record goes before the output files, so a half
   * removed job leaves nothing to act on.
   */
  public void close(JobRecord done) {
    if (!done.phase().isDone()) {
      throw new IllegalArgumentException("job " + done.taskId() + " is " + done.phase() + ", not in a final phase");
    }
    remove(done.taskId());
  }

  /** Forgets a job, with its output: its record first. */
  public void remove(String taskId) {
    Path dir = directory(taskId);
    directoriesNotOnDisk.remove(taskId);
    try {
      Files.deleteIfExists(dir.resolve(LOG));
      Files.deleteIfExists(dir.resolve(LEGACY_RECORD));
      if (!Files.exists(dir)) {
        return;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
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
