package io.logpipe.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchivedFile;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A day's {@code manifest.json}:
 * {@code {"day": "2026-10-01", "created_at": "...", "files": [{"tenant", "file", "rows", "bytes", "sha256"}]}}, the
 * file named relative to the day's directory so the directory can be moved whole, and checkable with
 * {@code sha256sum} by hand.
 */
final class ManifestJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ManifestJson() {
    }

    static String write(ArchiveManifest manifest) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("day", manifest.day().toString());
            json.writeStringField("created_at", manifest.createdAt().toString());
            json.writeArrayFieldStart("files");
            for (ArchivedFile file : manifest.files()) {
                json.writeStartObject();
                json.writeStringField("tenant", file.tenant());
                json.writeStringField("file", FilesystemArchiveStore.fileName(file.tenant()));
                json.writeNumberField("rows", file.rows());
                json.writeNumberField("bytes", file.bytes());
                json.writeStringField("sha256", file.sha256());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen writing to a string", e);
        }
        return text + "\n";
    }

    /** @throws IllegalArgumentException naming what is wrong with the text */
    static ArchiveManifest read(String text) {
        try (JsonParser json = JSON.createParser(text)) {
            expect(json.nextToken(), JsonToken.START_OBJECT, "the manifest");
            LocalDate day = null;
            Instant createdAt = null;
            List<ArchivedFile> files = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                switch (name) {
                    case "day" -> day = LocalDate.parse(json.getValueAsString(""));
                    case "created_at" -> createdAt = Instant.parse(json.getValueAsString(""));
                    case "files" -> files = readFiles(json);
                    default -> json.skipChildren();
                }
            }
            if (day == null || createdAt == null || files == null) {
                throw new IllegalArgumentException("day, created_at and files are required");
            }
            return new ArchiveManifest(day, createdAt, files);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen reading a string", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static List<ArchivedFile> readFiles(JsonParser json) throws IOException {
        expect(json.currentToken(), JsonToken.START_ARRAY, "files");
        List<ArchivedFile> files = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_OBJECT) {
            String tenant = null;
            String sha256 = null;
            long rows = -1;
            long bytes = -1;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                switch (name) {
                    case "tenant" -> tenant = json.getValueAsString();
                    case "sha256" -> sha256 = json.getValueAsString();
                    case "rows" -> rows = json.getLongValue();
                    case "bytes" -> bytes = json.getLongValue();
                    default -> json.skipChildren();
                }
            }
            files.add(new ArchivedFile(tenant, rows, bytes, sha256));
        }
        return files;
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " must start with " + expected.asString());
        }
    }
}
