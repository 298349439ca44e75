package dev.jobnet.converter.testing;

import dev.jobnet.converter.Finding;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Validation;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * The findings of one code in a {@link Validation}, narrowed step by step: each step keeps the
 * findings that also match it and fails when none is left, naming every criterion so far and listing
 * all findings of the validation.
 */
public final class FindingAssert extends AbstractAssert<FindingAssert, Validation> {

  private final ValidationAssert parent;
  private final StringBuilder criteria;
  private List<Finding> matching;

  FindingAssert(ValidationAssert parent, Validation actual, FindingCode code) {
    super(actual, FindingAssert.class);
    this.parent = parent;
    this.criteria = new StringBuilder(ValidationAssert.name(code));
    this.matching = actual.findings().stream().filter(f -> f.code() == code).toList();
    check();
  }

  /** At this file, line and column (1-based, as editors count). */
  public FindingAssert at(String file, int line, int column) {
    return narrow(" at " + file + ":" + line + ":" + column, f -> f.location().file().equals(file)
        && f.location().line() == line && f.location().column() == column);
  }

  /** In this file, wherever in it. */
  public FindingAssert inFile(String file) {
    return narrow(" in " + file, f -> f.location().file().equals(file));
  }

  /** With a message that contains every one of these parts. */
  public FindingAssert withMessageContaining(String... parts) {
    FindingAssert result = this;
    for (String part : parts) {
      result = narrow(" with a message containing \"" + part + "\"", f -> f.message().contains(part));
    }
    return result;
  }

  /** With a message that does not contain this text. */
  public FindingAssert withMessageNotContaining(String part) {
    return narrow(" with a message not containing \"" + part + "\"", f -> !f.message().contains(part));
  }

  /** Exactly one finding matches what was asked so far. */
  public FindingAssert once() {
    if (matching.size() != 1) {
      failWithMessage("%s", "Expecting exactly one finding " + criteria + ", but " + matching.size() + " matched; "
          + ValidationAssert.describe(actual.findings()));
    }
    return this;
  }

  /** The first matching finding, for assertions these methods do not cover. */
  public Finding finding() {
    return matching.get(0);
  }

  /** Back to the whole validation, to assert more. */
  public ValidationAssert and() {
    return parent;
  }

  private FindingAssert narrow(String criterion, Predicate<Finding> test) {
    criteria.append(criterion);
    matching = matching.stream().filter(test).toList();
    check();
    return this;
  }

  private void check() {
    if (matching.isEmpty()) {
      failWithMessage("%s", "Expecting a finding " + criteria + ", but there is none; found "
          + ValidationAssert.describe(actual.findings()));
    }
  }
}
