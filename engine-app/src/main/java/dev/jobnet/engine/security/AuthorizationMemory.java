package dev.jobnet.engine.security;

import dev.jobnet.engine.config.JobnetProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What the engine's authorization checks found out a moment ago, kept for as long as verified
 * credentials ({@code jobnet.security.credential-cache-ttl}; {@code PT0S}: off), so that the requests
 * that come by the thousand do not ask the database again:
 *
 * <ul>
 *   <li>that a caller may start instances of a process definition key (CREATE on process instances and
 *       CREATE_INSTANCE on the definition): a start over the REST API otherwise costs two queries of
 *       Camunda's most elaborate SQL, about a seventh of the engine's CPU under a burst of starts (B5);
 *   <li>that a caller may read a process definition key (READ on the definition): one more such query
 *       for each start by key, and for every command that reads a definition.
 * </ul>
 *
 * <p>Only a "yes" is kept, never a refusal. Also kept:
 *
 * <ul>
 *   <li>which groups hold any authorization at all, and whether any revoking authorization concerns a
 *       caller: the two queries every authorization-checked command of the engine starts with.
 * </ul>
 *
 * <p>A change of authorizations, users, groups, tenants or memberships made on this node forgets
 * everything ({@link IdentityChanges}), and what the engine answered while such a change was being made
 * is not kept ({@link #generation()}); other nodes of a cluster see a change within the time to live,
 * as they see a changed password.
 */
@Component
public class AuthorizationMemory {

  /** What a caller may do with a process definition key, in the questions this memory keeps answers to. */
  enum DefinitionPermission {
    /** CREATE on process instances and CREATE_INSTANCE on the definition. */
    START,
    /** READ on the definition. */
    READ
  }

  /**
   * Who asked (user and groups as the engine saw them; none: empty) whether it may do {@code permission}
   * with which process definition key.
   */
  record Question(String userId, List<String> groups, String definitionKey, DefinitionPermission permission) {
    Question {
      groups = copy(groups);
    }
  }

  /** Who is checked, for the question whether revoking authorizations concern it. */
  private record Revokes(String userId, List<String> groups) {
    Revokes {
      groups = copy(groups);
    }
  }

  /** The key of the set of groups that hold any authorization. */
  private enum GroupsWithAuthorizations { KEY }

  private record Entry(Object value, Instant at) {}

  private final Duration ttl;
  private final int maxSize;
  private final Clock clock;
  private final AtomicLong generation = new AtomicLong();
  private final Map<Object, Entry> entries;

  @Autowired
  AuthorizationMemory(JobnetProperties properties, Clock clock) {
    this(properties.security().credentialCacheTtl(), properties.security().credentialCacheSize(), clock);
  }

  AuthorizationMemory(Duration ttl, int maxSize, Clock clock) {
    this.ttl = ttl;
    this.maxSize = Math.max(1, maxSize);
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
        return size() > AuthorizationMemory.this.maxSize;
      }
    };
  }

  boolean enabled() {
    return !ttl.isZero() && !ttl.isNegative();
  }

  /** Whether the engine said yes to this question less than the time to live ago. */
  boolean isAllowed(Question question) {
    return fresh(question).isPresent();
  }

  /** Keeps the engine's "yes" to {@code question}, unless everything was forgotten since {@code generationBefore}. */
  void rememberAllowed(Question question, long generationBefore) {
    remember(question, Boolean.TRUE, generationBefore);
  }

  /** The groups that held any authorization when the engine last read them, if that was less than the time to live ago. */
  @SuppressWarnings("unchecked")
  Optional<Set<String>> groupsWithAuthorizations() {
    return fresh(GroupsWithAuthorizations.KEY).map(v -> (Set<String>) v);
  }

  void rememberGroupsWithAuthorizations(Set<String> groups, long generationBefore) {
    remember(GroupsWithAuthorizations.KEY, Set.copyOf(groups), generationBefore);
  }

  /** Whether revoking authorizations concern this caller, as the engine last found, if fresh. */
  Optional<Boolean> revokesConcern(String userId, List<String> groups) {
    return fresh(new Revokes(userId, groups)).map(Boolean.class::cast);
  }

  void rememberRevokesConcern(String userId, List<String> groups, boolean concern, long generationBefore) {
    remember(new Revokes(userId, groups), concern, generationBefore);
  }

  /** The count of forgettings so far: read it before asking the engine, give it to the {@code remember} method. */
  long generation() {
    return generation.get();
  }

  /** Forgets everything: authorizations or identities changed. */
  public void forgetAll() {
    synchronized (entries) {
      generation.incrementAndGet();
      entries.clear();
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private Optional<Object> fresh(Object key) {
    if (!enabled()) {
      return Optional.empty();
    }
    Entry entry;
    synchronized (entries) {
      entry = entries.get(key);
    }
    return entry != null && clock.instant().isBefore(entry.at().plus(ttl)) ? Optional.of(entry.value()) : Optional.empty();
  }

  private void remember(Object key, Object value, long generationBefore) {
    if (!enabled()) {
      return;
    }
    synchronized (entries) {
      if (generation.get() == generationBefore) {
        entries.put(key, new Entry(value, clock.instant()));
      }
    }
  }

  private static List<String> copy(List<String> groups) {
    return groups == null ? List.of() : List.copyOf(groups);
  }
}
