package dev.jobnet.engine.security;

import dev.jobnet.engine.config.JobnetProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The engine's answers "this caller may start instances of this process definition key" (CREATE on
 * process instances and CREATE_INSTANCE on the definition), kept for as long as verified credentials
 * ({@code jobnet.security.credential-cache-ttl}; {@code PT0S}: off). A start over the REST API by key
 * otherwise costs two authorization statements, built by MyBatis from Camunda's most elaborate
 * dynamic SQL: about a seventh of the engine's CPU under a burst of starts (B5).
 *
 * <p>Only a "yes" is kept, never a refusal: a grant takes effect at once, as without this cache. A
 * change of authorizations, users, groups, tenants or memberships made on this node forgets every
 * answer ({@link IdentityChanges}), and an answer the engine gave while such a change was being made
 * is not kept ({@link #generation()}); other nodes of a cluster see a revoked permission within the
 * time to live, as they see a changed password.
 */
@Component
public class StartPermissions {

  /** Who asked, as the engine saw it (user and groups), and for which process definition key. */
  record Caller(String userId, List<String> groups, String definitionKey) {}

  private final Duration ttl;
  private final int maxSize;
  private final Clock clock;
  private final AtomicLong generation = new AtomicLong();
  private final Map<Caller, Instant> allowed;

  @Autowired
  StartPermissions(JobnetProperties properties, Clock clock) {
    this(properties.security().credentialCacheTtl(), properties.security().credentialCacheSize(), clock);
  }

  StartPermissions(Duration ttl, int maxSize, Clock clock) {
    this.ttl = ttl;
    this.maxSize = Math.max(1, maxSize);
    this.clock = clock;
    this.allowed = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Caller, Instant> eldest) {
        return size() > StartPermissions.this.maxSize;
      }
    };
  }

  boolean enabled() {
    return !ttl.isZero() && !ttl.isNegative();
  }

  /** Whether the engine said yes to this caller less than the time to live ago. */
  boolean isAllowed(Caller caller) {
    if (!enabled()) {
      return false;
    }
    Instant since;
    synchronized (allowed) {
      since = allowed.get(caller);
    }
    return since != null && clock.instant().isBefore(since.plus(ttl));
  }

  /** The count of forgettings so far: read it before asking the engine, give it to {@link #remember}. */
  long generation() {
    return generation.get();
  }

  /** Keeps the engine's "yes", unless everything was forgotten since {@code generationBefore}. */
  void remember(Caller caller, long generationBefore) {
    if (!enabled()) {
      return;
    }
    synchronized (allowed) {
      if (generation.get() == generationBefore) {
        allowed.put(caller, clock.instant());
      }
    }
  }

  /** Forgets every answer: authorizations or identities changed. */
  public void forgetAll() {
    synchronized (allowed) {
      generation.incrementAndGet();
      allowed.clear();
    }
  }

  int size() {
    synchronized (allowed) {
      return allowed.size();
    }
  }
}
