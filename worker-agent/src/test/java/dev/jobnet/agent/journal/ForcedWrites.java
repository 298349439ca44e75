package dev.jobnet.agent.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal's real syncs, each one noted as it is made: the phase of the record a forced file ends
 * with, {@code dir <path>} for a directory (relative to the work directory). A power cut cannot be
 * staged here, so the tests check which records are waited for.
 */
public final class ForcedWrites implements Journal.Disk {

  private static final Pattern PHASE = Pattern.compile("\"phase\":\"(\\w+)\"");

  private final Path work;
  private final List<String> forced = new CopyOnWriteArrayList<>();

  public ForcedWrites(Path work) {
    this.work = work;
  }

  /** What was made durable, in order. */
  public List<String> forced() {
    return List.copyOf(forced);
  }

  @Override
  public void force(Path file, FileChannel channel) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    Matcher m = PHASE.matcher(lines.get(lines.size() - 1));
    forced.add(m.find() ? m.group(1) : "?");
    Journal.Disk.SYNCING.force(file, channel);
  }

  @Override
  public void forceDirectory(Path dir) {
    forced.add("dir " + work.relativize(dir));
    Journal.Disk.SYNCING.forceDirectory(dir);
  }
}
