package dev.jobnet.engine.callbacks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code jobnet.callbacks.interval} (5 s): fails the jobs whose backend did not report within
 * their timeout, and renews the engine's locks on the others ({@link Callbacks#sweep}). On several
 * nodes each looks; a job is decided once (a compare-and-set of its row).
 */
@Component
class CallbackSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(CallbackSweeper.class);

  private final Callbacks callbacks;
  private boolean failing;

  CallbackSweeper(Callbacks callbacks) {
    this.callbacks = callbacks;
  }

  @Scheduled(fixedDelayString = "${jobnet.callbacks.interval:PT5S}", initialDelayString = "${jobnet.callbacks.interval:PT5S}")
  void scheduled() {
    try {
      callbacks.sweep();
      if (failing) {
        LOG.info("callbacks: looking again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("callbacks: could not look at the jobs waiting for their backend ({}); trying again", e.getMessage());
        failing = true;
      }
    }
  }
}
