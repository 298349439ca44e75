package dev.jobnet.converter;

import dev.jobnet.converter.authored.CheckedBpmn;
import dev.jobnet.converter.model.JobnetSet;
import java.util.List;

/**
 * The outcome of reading and checking a set of jobnet files: what was read and what is wrong.
 *
 * @param set the root jobnets of the YAML files
 * @param findings every finding of every file, YAML and BPMN, sorted by file, line and column
 * @param bpmn the BPMN files of the set, each with what to deploy
 */
public record Validation(JobnetSet set, List<Finding> findings, List<CheckedBpmn> bpmn) {

  public Validation {
    findings = List.copyOf(findings);
    bpmn = List.copyOf(bpmn);
  }

  /** A set of YAML files only. */
  public Validation(JobnetSet set, List<Finding> findings) {
    this(set, findings, List.of());
  }

  public boolean isValid() {
    return findings.isEmpty();
  }
}
