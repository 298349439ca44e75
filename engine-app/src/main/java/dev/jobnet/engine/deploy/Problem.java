package dev.jobnet.engine.deploy;

import dev.jobnet.converter.Finding;
import java.util.Comparator;

/**
 * One located reason why definitions were not deployed: a converter {@link Finding} (code {@code JN...})
 * or a BPMN file the engine or the BPMN reader refused (code {@value #BPMN_CODE}).
 *
 * @param code the stable code, {@code JN302} or {@value #BPMN_CODE}
 * @param name the code's name, {@code CYCLE} or {@value #BPMN_NAME}
 * @param file the file as the caller named it
 * @param line 1-based line
 * @param column 1-based column
 * @param message what is wrong and what to do
 */
public record Problem(String code, String name, String file, int line, int column, String message) {

  public static final String BPMN_CODE = "BPMN";
  public static final String BPMN_NAME = "BPMN_INVALID";

  public static final Comparator<Problem> BY_LOCATION = Comparator.comparing(Problem::file)
      .thenComparingInt(Problem::line)
      .thenComparingInt(Problem::column)
      .thenComparing(Problem::code);

  public static Problem of(Finding finding) {
    return new Problem(finding.code().code(), finding.code().name(), finding.location().file(),
        finding.location().line(), finding.location().column(), finding.message());
  }

  public static Problem bpmn(String file, int line, int column, String message) {
    return new Problem(BPMN_CODE, BPMN_NAME, file, Math.max(line, 1), Math.max(column, 1), message);
  }

  /** {@code file:line:column: CODE message}, as the converter prints findings. */
  public String format() {
    return file + ":" + line + ":" + column + ": " + code + " " + message;
  }
}
