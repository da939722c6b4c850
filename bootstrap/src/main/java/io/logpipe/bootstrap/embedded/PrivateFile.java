package io.logpipe.bootstrap.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files in the data directory that only the user running logpipe may read or write (mode 0600), for secrets.
 *
 * <p>A file is first written in full under a temporary name that is created with mode 0600 (so it is never readable by
 * others, not even between a create and a chmod), then put under its name in one step. A reader therefore sees either
 * no file or all of it, also after a crash.
 */
public final class PrivateFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.complementOf(EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private PrivateFile() {
    }

    /**
     * Creates {@code file} holding {@code content}, readable and writable by its owner only.
     *
     * @throws FileAlreadyExistsException if {@code file} exists; it is left as it was. A hard link, unlike a rename,
     *     never replaces its target, so of two processes creating the same file at once exactly one wins.
     */
    public static void create(Path file, String content) throws IOException {
        Path temporary = writeTemporary(file, content);
        try {
            Files.createLink(file, temporary);
        } finally {
            Files.delete(temporary);
        }
        syncDirectory(file);
    }

    /** Writes {@code file} holding {@code content}, readable and writable by its owner only, replacing what was there. */
    public static void replace(Path file, String content) throws IOException {
        Path temporary = writeTemporary(file, content);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(file);
    }

    /**
     * The content of {@code file}.
     *
     * @throws IOException if it is missing, or if its group or other users have any permission on it: then what it
     *     holds may be known to others, and logpipe does not use it as a secret (as ssh refuses such a private key)
     *     rather than quietly tightening the mode and carrying on with a secret that may have leaked
     */
    public static String read(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new IOException(file + " is open to other users (mode " + PosixFilePermissions.toString(permissions)
                    + "), so the secret in it may be known to them; logpipe uses it only once only its owner can read "
                    + "it: check who could have read it, then chmod 600 " + file);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static Path writeTemporary(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".",
                ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return temporary;
    }

    /** A secret lost in a crash after it was used (say as PostgreSQL's password) would lock logpipe out of its data. */
    private static void syncDirectory(Path file) throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
