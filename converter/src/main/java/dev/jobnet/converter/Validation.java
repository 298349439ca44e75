package dev.jobnet.converter;

import dev.jobnet.converter.model.JobnetSet;
import java.util.List;

/** The outcome of reading and checking a set of jobnet files: what was read and what is wrong. */
public record Validation(JobnetSet set, List<Finding> findings) {

  public Validation {
    findings = List.copyOf(findings);
  }

  public boolean isValid() {
    return findings.isEmpty();
  }
}
