package dev.jobnet.converter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the large jobnet of benchmark B1: a root that fans out to groups (nested jobnets) and joins
 * them again, each group a chain, a three-way split with a join, a nested jobnet and an expansion of
 * a shared root; a finally at the root. The job count grows linearly with the number of groups.
 *
 * <p>{@code java ... LargeJobnetGenerator JOBS FILE} writes a jobnet of about JOBS jobs.
 */
public final class LargeJobnetGenerator {

  /** Jobs one group holds (its own and the nested jobnet's, plus the expansion node). */
  public static final int JOBS_PER_GROUP = 48;
  static final int SHARED_ROOTS = 5;
  static final int SHARED_ROOT_JOBS = 4;

  private LargeJobnetGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: LargeJobnetGenerator JOBS FILE");
      System.exit(2);
    }
    int jobs = Integer.parseInt(args[0]);
    Path file = Path.of(args[1]);
    String yaml = yaml(jobs);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    System.out.println("wrote " + file + ": " + countJobs(jobs) + " jobs");
  }

  /** The number of jobs {@link #yaml(int)} writes for a target of {@code jobs}. */
  public static int countJobs(int jobs) {
    int groups = groups(jobs);
    return 3 + groups * JOBS_PER_GROUP + SHARED_ROOTS * SHARED_ROOT_JOBS;
  }

  static int groups(int jobs) {
    return Math.max(1, (jobs - 3 - SHARED_ROOTS * SHARED_ROOT_JOBS) / JOBS_PER_GROUP);
  }

  /** A root jobnet {@code big} of about {@code jobs} jobs, and its shared expansion roots. */
  public static String yaml(int jobs) {
    int groups = groups(jobs);
    StringBuilder sb = new StringBuilder(groups * JOBS_PER_GROUP * 80);
    sb.append("version: 1\n");
    sb.append("defaults:\n  server: batch\n  retry: 3\n  timeout: 1h\n");
    sb.append("jobnets:\n");
    sb.append("  big:\n    name: large generated jobnet\n    jobs:\n");
    sb.append("      prepare:\n        run: prepare.sh\n        next: [");
    for (int g = 0; g < groups; g++) {
      sb.append(g == 0 ? "" : ", ").append(group(g));
    }
    sb.append("]\n");
    for (int g = 0; g < groups; g++) {
      appendGroup(sb, g);
    }
    sb.append("      report: { run: report.sh }\n");
    sb.append("    finally:\n      jobs:\n        cleanup: { run: cleanup.sh }\n");
    for (int s = 1; s <= SHARED_ROOTS; s++) {
      sb.append("  shared-").append(s).append(":\n    jobs:\n");
      for (int j = 1; j <= SHARED_ROOT_JOBS; j++) {
        sb.append("      s").append(j).append(": shared-").append(s).append("-step.sh ").append(j).append('\n');
      }
    }
    return sb.toString();
  }

  private static String group(int g) {
    return String.format("g%05d", g);
  }

  /**
   * One group, 48 jobs counting the group itself: c1..c5 in a chain; split into branches a, b, c of 10 jobs each; a join job;
   * a nested jobnet of 8 jobs; an expansion of a shared root; a last job.
   */
  private static void appendGroup(StringBuilder sb, int g) {
    sb.append("      ").append(group(g)).append(":\n");
    sb.append("        next: report\n");
    sb.append("        jobnet:\n          jobs:\n");
    for (int i = 1; i <= 5; i++) {
      sb.append("            c").append(i).append(": { run: step.sh c").append(i).append(", next: ");
      sb.append(i < 5 ? "c" + (i + 1) : "[a1, b1, x1]").append(" }\n");
    }
    for (String branch : new String[] {"a", "b", "x"}) {
      for (int i = 1; i <= 10; i++) {
        sb.append("            ").append(branch).append(i).append(": { run: step.sh ").append(branch).append(i)
            .append(", next: ").append(i < 10 ? branch + (i + 1) : "merge").append(" }\n");
      }
    }
    sb.append("            merge: { run: merge.sh, next: [inner, expand] }\n");
    sb.append("            inner:\n              next: done\n              jobnet:\n                jobs:\n");
    for (int i = 1; i <= 8; i++) {
      sb.append("                  n").append(i).append(": inner.sh ").append(i).append('\n');
    }
    sb.append("            expand: { expand: shared-").append(g % SHARED_ROOTS + 1).append(", next: done }\n");
    sb.append("            done: { run: done.sh }\n");
  }
}
