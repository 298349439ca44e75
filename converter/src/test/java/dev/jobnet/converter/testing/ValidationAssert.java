package dev.jobnet.converter.testing;

import dev.jobnet.converter.Finding;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Validation;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link Validation}. Every failure message lists all findings seen, formatted
 * as the CLI prints them, so a failing test shows what the converter said instead.
 *
 * <pre>{@code
 * assertThat(validation)
 *     .hasFinding(FindingCode.CYCLE).at("nightly.yaml", 5, 7).withMessageContaining("a -> b -> a")
 *     .and().hasFindingCount(1);
 * }</pre>
 */
public final class ValidationAssert extends AbstractAssert<ValidationAssert, Validation> {

  private ValidationAssert(Validation actual) {
    super(actual, ValidationAssert.class);
  }

  public static ValidationAssert assertThat(Validation actual) {
    return new ValidationAssert(actual);
  }

  /** No findings at all. */
  public ValidationAssert isValid() {
    isNotNull();
    if (!actual.isValid()) {
      failWithMessage("%s", "Expecting the jobnets to be valid, but found " + describe(actual.findings()));
    }
    return this;
  }

  /**
   * At least one finding with this code; narrow it down with {@link FindingAssert#at},
   * {@link FindingAssert#inFile} and {@link FindingAssert#withMessageContaining}.
   */
  public FindingAssert hasFinding(FindingCode code) {
    isNotNull();
    return new FindingAssert(this, actual, code);
  }

  /** No finding with this code. */
  public ValidationAssert hasNoFinding(FindingCode code) {
    isNotNull();
    List<Finding> found = actual.findings().stream().filter(f -> f.code() == code).toList();
    if (!found.isEmpty()) {
      failWithMessage("%s", "Expecting no finding " + name(code) + ", but found " + describe(actual.findings()));
    }
    return this;
  }

  /**
   * Exactly these findings by code, in any order: each code as many times as it is given, and no
   * other finding.
   */
  public ValidationAssert hasOnlyFindings(FindingCode... codes) {
    isNotNull();
    List<FindingCode> expected = Arrays.stream(codes).sorted().toList();
    List<FindingCode> seen = actual.findings().stream().map(Finding::code).sorted().toList();
    if (!expected.equals(seen)) {
      failWithMessage("%s", "Expecting exactly the findings " + expected.stream().map(ValidationAssert::name).toList()
          + ", but found " + describe(actual.findings()));
    }
    return this;
  }

  public ValidationAssert hasFindingCount(int count) {
    isNotNull();
    if (actual.findings().size() != count) {
      failWithMessage("%s", "Expecting " + count + " finding(s), but found " + describe(actual.findings()));
    }
    return this;
  }

  /** {@code JN302 (CYCLE)}. */
  static String name(FindingCode code) {
    return code.code() + " (" + code.name() + ")";
  }

  /** "3 finding(s):" and one formatted finding per line, or "no findings". */
  static String describe(List<Finding> findings) {
    if (findings.isEmpty()) {
      return "no findings";
    }
    StringBuilder sb = new StringBuilder().append(findings.size()).append(" finding(s):");
    findings.forEach(f -> sb.append("\n  ").append(f.format()));
    return sb.toString();
  }
}
