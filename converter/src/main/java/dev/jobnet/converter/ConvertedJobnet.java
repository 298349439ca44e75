package dev.jobnet.converter;

/** The BPMN of one root jobnet, to be written to {@code <rootId>.bpmn} or deployed. */
public record ConvertedJobnet(String rootId, String bpmnXml) {

  public String fileName() {
    return rootId + ".bpmn";
  }
}
