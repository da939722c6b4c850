package io.logpipe.archive;

import io.logpipe.domain.ArchiveCorruptException;
import io.logpipe.domain.ArchiveUnavailableException;
import io.logpipe.domain.ArchivedFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/** Reads one archived file back in full and lists every way it differs from its manifest entry. */
final class FileCheck {

    /** Decodes every entry of a file and returns how many there were. */
    interface Decoder {
        long rows(Path path, LocalDate day, String tenant) throws IOException;
    }

    private FileCheck() {
    }

    /**
     * @return what is wrong with it, one line per problem; empty when it matches
     * @throws ArchiveUnavailableException if it cannot be read at all
     */
    static List<String> of(Path path, ArchivedFile expected, Decoder decoder) {
        String name = path.getFileName().toString();
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(path)) {
            return List.of(name + ": is missing");
        }
        try {
            long bytes = Files.size(path);
            if (bytes != expected.bytes()) {
                problems.add(name + ": has " + bytes + " bytes, the manifest says " + expected.bytes());
            }
            String sha256 = Sha256.of(path);
            if (!sha256.equals(expected.sha256())) {
                problems.add(name + ": has SHA-256 " + sha256 + ", the manifest says " + expected.sha256());
            }
            long rows = decoder.rows(path, dayOf(path), expected.tenant());
            if (rows != expected.rows()) {
                problems.add(name + ": holds " + rows + " entries, the manifest says " + expected.rows());
            }
        } catch (ArchiveCorruptException e) {
            problems.addAll(e.problems());
        } catch (EOFException | ZipException e) {
            problems.add(name + ": is not a complete gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ArchiveUnavailableException("cannot read " + path, e);
        }
        return problems;
    }

    private static LocalDate dayOf(Path path) {
        return LocalDate.parse(path.getParent().getFileName().toString());
    }
}
