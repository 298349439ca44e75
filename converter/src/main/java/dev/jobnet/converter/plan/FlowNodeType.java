package dev.jobnet.converter.plan;

/** The BPMN flow nodes a jobnet becomes, with the size each is drawn at. */
public enum FlowNodeType {
  START(36, 36),
  END(36, 36),
  /** A job: an external service task. */
  SERVICE_TASK(100, 80),
  /** A nested jobnet or a finally: an expanded subprocess, sized by its content. */
  SUB_PROCESS(0, 0),
  /** An expansion of another root jobnet. */
  CALL_ACTIVITY(100, 80),
  PARALLEL_FORK(50, 50),
  /** A parallel join: asynchronous before, so concurrent completes never collide. */
  PARALLEL_JOIN(50, 50);

  private final double width;
  private final double height;

  FlowNodeType(double width, double height) {
    this.width = width;
    this.height = height;
  }

  public double width() {
    return width;
  }

  public double height() {
    return height;
  }
}
