package dev.jobnet.engine.deploy;

import java.util.List;

/**
 * The definitions of a deployment have problems; nothing of it was deployed. Carries every problem,
 * sorted by file, line and column.
 */
public final class DefinitionsRejectedException extends RuntimeException {

  private final transient List<Problem> problems;

  /** With the message {@code n finding(s) in m file(s); nothing was deployed}. */
  public DefinitionsRejectedException(List<Problem> problems) {
    super(summary(problems) + "; nothing was deployed");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a rejection names at least one problem");
    }
    this.problems = problems.stream().sorted(Problem.BY_LOCATION).toList();
  }

  public List<Problem> problems() {
    return problems;
  }

  /** {@code n finding(s) in m file(s)}. */
  public static String summary(List<Problem> problems) {
    long files = problems.stream().map(Problem::file).distinct().count();
    return problems.size() + " finding(s) in " + files + " file(s)";
  }
}
