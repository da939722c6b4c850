package io.logpipe.archive;

import io.logpipe.domain.ArchiveUnavailableException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A file that appears under its name complete or not at all: written to a temporary file beside it, forced to disk,
 * then moved over the name atomically, and the directory forced too so the move survives a power cut. The original
 * data is dropped on the strength of these files, so "written" has to mean on disk. Hashes and counts what is written.
 * Not thread-safe.
 */
final class DurableFile implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final MessageDigest digest;
    private final OutputStream output;
    private boolean committed;

    private DurableFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.digest = Sha256.newDigest();
        this.output = new BufferedOutputStream(new DigestOutputStream(Channels.newOutputStream(channel), digest),
                64 * 1024);
    }

    /** @throws ArchiveUnavailableException if the directory or the temporary file cannot be made */
    static DurableFile start(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + name + ".", ".tmp");
            return new DurableFile(directory.resolve(name), temporary,
                    FileChannel.open(temporary, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new ArchiveUnavailableException("cannot start " + directory.resolve(name), e);
        }
    }

    Path target() {
        return target;
    }

    /** Where to write the content; do not close it. */
    OutputStream output() {
        return output;
    }

    /** Forces the content to disk and moves it over the target. */
    Stored commit() throws IOException {
        output.flush();
        channel.force(true);
        long bytes = channel.size();
        channel.close();
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the archive's file system cannot replace files atomically", e);
        }
        committed = true;
        forceDirectory(target.getParent());
        return new Stored(bytes, HexFormat.of().formatHex(digest.digest()));
    }

    /** Discards the temporary file unless committed. */
    @Override
    public void close() {
        try {
            channel.close();
            if (!committed) {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            // A leftover temporary file starts with a dot and is never read; nothing else to do.
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** What was committed: its size and SHA-256 in lower-case hex. */
    record Stored(long bytes, String sha256) {
    }
}
