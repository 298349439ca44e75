package dev.jobnet.converter;

import java.util.List;

/** Thrown when a set with findings is asked to convert; carries every finding. */
public final class InvalidJobnetException extends RuntimeException {

  private final List<Finding> findings;

  public InvalidJobnetException(List<Finding> findings) {
    super(findings.size() + " finding(s) in the jobnet definitions, first: " + findings.get(0).format());
    this.findings = List.copyOf(findings);
  }

  public List<Finding> findings() {
    return findings;
  }
}
