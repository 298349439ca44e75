package dev.jobnet.engine.security;

import dev.jobnet.engine.config.JobnetProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic credentials the engine verified, with the caller's groups and tenants, kept for a short
 * time ({@code jobnet.security.credential-cache-ttl}): an agent sends three or more requests per job,
 * and each would otherwise cost a password check and two identity queries. Only a salted SHA-256 of
 * the password is kept (the salt is random per process), never the password; a wrong password is
 * never cached and always goes to the engine (which counts failed attempts and locks users out as
 * it does without the cache). Any change of users, groups, tenants or memberships made on this node
 * empties the cache ({@link IdentityChanges}); other nodes of a cluster see it within the time to live.
 */
@Component
public class VerifiedCredentials {

  /** Who the engine verified, with what it needs for its authorization and tenant checks. */
  public record Caller(String userId, List<String> groups, List<String> tenants) {}

  private record Entry(byte[] passwordHash, Caller caller, Instant verifiedAt) {}

  private final Duration ttl;
  private final int maxSize;
  private final Clock clock;
  private final byte[] salt = new byte[32];
  private final Map<String, Entry> entries;

  @Autowired
  VerifiedCredentials(JobnetProperties properties, Clock clock) {
    this(properties.security().credentialCacheTtl(), properties.security().credentialCacheSize(), clock);
  }

  VerifiedCredentials(Duration ttl, int maxSize, Clock clock) {
    this.ttl = ttl;
    this.maxSize = Math.max(1, maxSize);
    this.clock = clock;
    new SecureRandom().nextBytes(salt);
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > VerifiedCredentials.this.maxSize;
      }
    };
  }

  /**
   * The caller, if {@code password} is the user's: from the cache while its entry is fresh and the
   * password hashes the same, else checked by the engine (and then kept).
   */
  public Optional<Caller> verify(IdentityService identity, String userId, String password) {
    if (userId == null || userId.isEmpty() || password == null) {
      return Optional.empty();
    }
    byte[] hash = hash(userId, password);
    Instant now = clock.instant();
    if (!ttl.isZero() && !ttl.isNegative()) {
      Entry cached;
      synchronized (entries) {
        cached = entries.get(userId);
      }
      if (cached != null && now.isBefore(cached.verifiedAt().plus(ttl))
          && MessageDigest.isEqual(cached.passwordHash(), hash)) {
        return Optional.of(cached.caller());
      }
    }
    if (!identity.checkPassword(userId, password)) {
      return Optional.empty();
    }
    Caller caller = new Caller(userId,
        identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList(),
        identity.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list().stream()
            .map(Tenant::getId).toList());
    if (!ttl.isZero() && !ttl.isNegative()) {
      synchronized (entries) {
        entries.put(userId, new Entry(hash, caller, now));
      }
    }
    return Optional.of(caller);
  }

  /** Forgets every verified caller: users, groups, tenants or memberships changed. */
  public void forgetAll() {
    synchronized (entries) {
      entries.clear();
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private byte[] hash(String userId, String password) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt);
      digest.update(userId.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      return digest.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
