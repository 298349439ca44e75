package dev.jobnet.engine.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The generated administrator password of demo mode, kept in {@code <data dir>/admin-password}
 * (owner read/write only) so that it stays the same across restarts on the same data directory.
 */
final class DemoPasswordStore {

  static final String FILE_NAME = "admin-password";
  /** 24 random bytes: 32 characters of URL-safe Base64, 192 bits. */
  static final int RANDOM_BYTES = 24;

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The password and whether this call generated it (then it is shown once). */
  record Stored(String password, Path file, boolean generated) {

    @Override
    public String toString() {
      return "Stored[file=" + file + ", generated=" + generated + "]";
    }
  }

  private final Path file;

  DemoPasswordStore(Path dataDir) {
    this.file = dataDir.resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  /** The stored password, or a new one written to the file if there is none yet. */
  Stored passwordOrGenerate() {
    try {
      if (Files.exists(file)) {
        return new Stored(read(), file, false);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      String password = generate();
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".tmp", ownerOnly());
      try {
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file);
        return new Stored(password, file, true);
      } catch (FileAlreadyExistsException e) {
        // another node on the same data directory was first: use its password
        return new Stored(read(), file, false);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the demo administrator password in " + file, e);
    }
  }

  static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String read() throws IOException {
    if (isPosix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
    String password = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (password.isEmpty()) {
      throw new InvalidSecurityConfigurationException("The demo administrator password file " + file + " is empty",
          "Delete " + file + " to have a new password generated, or set JOBNET_ADMIN_PASSWORD.");
    }
    return password;
  }

  private FileAttribute<?>[] ownerOnly() {
    return isPosix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  private boolean isPosix() {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
