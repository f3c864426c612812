package braid.timeline.internal;

import org.jspecify.annotations.Nullable;
import braid.core.RunOutcome;
import braid.core.TaskInfo;
import braid.timeline.CriticalPath;
import braid.timeline.RunRecord;
import braid.timeline.RunRecordFormatException;
import braid.core.TaskOutcome;
import braid.timeline.TaskRecord;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the JSON form of a {@link RunRecord}.
 *
 * <p>Streams rather than binding the whole document: a run of a million tasks would otherwise need a
 * tree of several hundred megabytes. Fields at their default (no parent, no dependencies or limits,
 * required, one attempt, no timeout, no error) are left out of tasks and graph entries to keep such
 * documents small; the reader fills them in. Stateless and thread-safe.
 */
public final class RunRecordJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private RunRecordJson() {}

    /** Writes {@code record} as UTF-8 JSON, leaving {@code out} open. */
    public static void write(RunRecord record, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("format", RunRecord.FORMAT);
            g.writeNumberField("version", RunRecord.VERSION);
            g.writeStringField("runName", record.runName());
            g.writeStringField("startedAt", record.startedAt().toString());
            g.writeStringField("outcome", record.outcome().name());
            g.writeStringField("error", record.error());
            RunRecord.Totals t = record.totals();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("wallNanos", t.wallNanos());
            g.writeNumberField("sequentialNanos", t.sequentialNanos());
            g.writeNumberField("savedNanos", t.savedNanos());
            g.writeArrayFieldStart("criticalPath");
            for (String name : t.criticalPath().tasks()) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeNumberField("criticalPathNanos", t.criticalPath().lengthNanos());
            g.writeEndObject();
            g.writeArrayFieldStart("graph");
            for (TaskInfo info : record.graph()) {
                g.writeStartObject();
                g.writeStringField("name", info.name());
                if (!info.dependsOn().isEmpty()) {
                    writeStrings(g, "dependsOn", info.dependsOn());
                }
                if (info.timeout() != null) {
                    g.writeNumberField("timeoutNanos", info.timeout().toNanos());
                }
                if (info.maxAttempts() != 1) {
                    g.writeNumberField("maxAttempts", info.maxAttempts());
                }
                if (!info.required()) {
                    g.writeBooleanField("required", false);
                }
                if (!info.limits().isEmpty()) {
                    writeStrings(g, "limits", info.limits());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tasks");
            for (TaskRecord task : record.tasks()) {
                g.writeStartObject();
                g.writeStringField("name", task.name());
                if (task.parent() != null) {
                    g.writeStringField("parent", task.parent());
                }
                if (!task.dependsOn().isEmpty()) {
                    writeStrings(g, "dependsOn", task.dependsOn());
                }
                if (!task.required()) {
                    g.writeBooleanField("required", false);
                }
                if (!task.limits().isEmpty()) {
                    writeStrings(g, "limits", task.limits());
                }
                g.writeStringField("outcome", task.outcome().name());
                writeNanos(g, "startNanos", task.startNanos());
                writeNanos(g, "endNanos", task.endNanos());
                if (task.error() != null) {
                    g.writeStringField("error", task.error());
                }
                if (!task.attempts().isEmpty()) {
                    g.writeArrayFieldStart("attempts");
                    for (TaskRecord.Attempt a : task.attempts()) {
                        g.writeStartObject();
                        g.writeNumberField("startNanos", a.startNanos());
                        g.writeNumberField("endNanos", a.endNanos());
                        g.writeStringField("error", a.error());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void writeNanos(JsonGenerator g, String field, long nanos) throws IOException {
        if (nanos < 0) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, nanos);
        }
    }

    /** Reads a record written by {@link #write}, leaving {@code in} open. */
    public static RunRecord read(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            p.configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);
            return read(p);
        } catch (JsonProcessingException e) {
            throw new RunRecordFormatException("not a braid run record: malformed JSON: " + e.getOriginalMessage(), null, 0);
        }
    }

    private static RunRecord read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new RunRecordFormatException("not a braid run record: expected a JSON object", null, 0);
        }
        String format = null;
        int version = 0;
        String runName = null;
        Instant startedAt = null;
        RunOutcome outcome = null;
        String error = null;
        JsonNode totals = null;
        List<TaskInfo> graph = new ArrayList<>();
        List<TaskRecord> tasks = new ArrayList<>();
        try {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("format") && !field.equals("version")) {
                    // Checked before reading anything else so that a foreign file fails fast and clearly.
                    checkFormat(format, version);
                }
                switch (field) {
                    case "format" -> {
                        format = value == JsonToken.VALUE_STRING ? p.getText() : String.valueOf(p.getText());
                        if (!RunRecord.FORMAT.equals(format)) {
                            throw new RunRecordFormatException("not a braid run record: format is \"" + format
                                    + "\", expected \"" + RunRecord.FORMAT + "\"", format, version);
                        }
                    }
                    case "version" -> {
                        version = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                        if (version != RunRecord.VERSION) {
                            throw new RunRecordFormatException("unsupported braid run record version " + p.getText()
                                    + ": this build reads version " + RunRecord.VERSION
                                    + (version > RunRecord.VERSION ? " (written by a newer braid)" : ""), format, version);
                        }
                    }
                    case "runName" -> runName = p.getValueAsString();
                    case "startedAt" -> startedAt = Instant.parse(p.getText());
                    case "outcome" -> outcome = RunOutcome.valueOf(p.getText());
                    case "error" -> error = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "totals" -> totals = MAPPER.readTree(p);
                    case "graph" -> {
                        expectArray(p, value, field);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            graph.add(taskInfo(p));
                        }
                    }
                    case "tasks" -> {
                        expectArray(p, value, field);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            tasks.add(task(p));
                        }
                    }
                    default -> p.skipChildren(); // fields added by later compatible writers
                }
            }
            checkFormat(format, version);
            if (runName == null || startedAt == null || outcome == null || totals == null) {
                throw new RunRecordFormatException("braid run record lacks one of runName, startedAt, outcome, totals",
                        format, version);
            }
            List<String> path = strings(totals.path("criticalPath"));
            CriticalPath critical = new CriticalPath(path, totals.path("criticalPathNanos").asLong());
            RunRecord.Totals t = new RunRecord.Totals(totals.path("wallNanos").asLong(),
                    totals.path("sequentialNanos").asLong(), totals.path("savedNanos").asLong(), critical);
            return new RunRecord(runName, startedAt, outcome, error, graph, tasks, t);
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            throw new RunRecordFormatException("malformed braid run record: " + e.getMessage(), format, version);
        }
    }

    private static void checkFormat(@Nullable String format, int version) throws RunRecordFormatException {
        if (format == null || version == 0) {
            throw new RunRecordFormatException("not a braid run record: it must start with \"format\":\""
                    + RunRecord.FORMAT + "\" and \"version\"", format, version);
        }
    }

    private static void expectArray(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new RunRecordFormatException("malformed braid run record: \"" + field + "\" is not an array at "
                    + p.currentLocation().offsetDescription(), RunRecord.FORMAT, RunRecord.VERSION);
        }
    }

    private static TaskInfo taskInfo(JsonParser p) throws IOException {
        expectObject(p);
        String name = null;
        List<String> dependsOn = List.of();
        List<String> limits = List.of();
        Duration timeout = null;
        int maxAttempts = 1;
        boolean required = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "name" -> name = nullableText(p, v);
                case "dependsOn" -> dependsOn = strings(p, v);
                case "limits" -> limits = strings(p, v);
                case "timeoutNanos" -> timeout = v == JsonToken.VALUE_NULL ? null : Duration.ofNanos(p.getLongValue());
                case "maxAttempts" -> maxAttempts = p.getIntValue();
                case "required" -> required = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        if (name == null) throw malformed(p, "a task without \"name\"");
        return new TaskInfo(name, dependsOn, timeout, maxAttempts, required, limits);
    }

    // Parsed token by token rather than through a tree: a million tasks read three times faster.
    private static TaskRecord task(JsonParser p) throws IOException {
        expectObject(p);
        String name = null;
        String parent = null;
        List<String> dependsOn = List.of();
        List<String> limits = List.of();
        boolean required = true;
        TaskOutcome outcome = null;
        long start = TaskRecord.NOT_STARTED;
        long end = TaskRecord.NOT_STARTED;
        String error = null;
        List<TaskRecord.Attempt> attempts = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "name" -> name = nullableText(p, v);
                case "parent" -> parent = nullableText(p, v);
                case "dependsOn" -> dependsOn = strings(p, v);
                case "limits" -> limits = strings(p, v);
                case "required" -> required = p.getBooleanValue();
                case "outcome" -> outcome = TaskOutcome.valueOf(p.getText());
                case "startNanos" -> start = v == JsonToken.VALUE_NULL ? TaskRecord.NOT_STARTED : p.getLongValue();
                case "endNanos" -> end = v == JsonToken.VALUE_NULL ? TaskRecord.NOT_STARTED : p.getLongValue();
                case "error" -> error = nullableText(p, v);
                case "attempts" -> {
                    expectArray(p, v, field);
                    attempts = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        expectObject(p);
                        long as = -1;
                        long ae = -1;
                        String err = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken av = p.nextToken();
                            switch (f) {
                                case "startNanos" -> as = p.getLongValue();
                                case "endNanos" -> ae = p.getLongValue();
                                case "error" -> err = nullableText(p, av);
                                default -> p.skipChildren();
                            }
                        }
                        attempts.add(new TaskRecord.Attempt(as, ae, err));
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (name == null) throw malformed(p, "a task without \"name\"");
        if (outcome == null) throw malformed(p, "task \"" + name + "\" without \"outcome\"");
        return new TaskRecord(name, parent, dependsOn, required, limits, outcome, start, end, attempts, error);
    }

    private static RunRecordFormatException malformed(JsonParser p, String what) {
        return new RunRecordFormatException("malformed braid run record: " + what + " before "
                + p.currentLocation().offsetDescription(), RunRecord.FORMAT, RunRecord.VERSION);
    }

    private static void expectObject(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new RunRecordFormatException("malformed braid run record: expected an object at "
                    + p.currentLocation().offsetDescription(), RunRecord.FORMAT, RunRecord.VERSION);
        }
    }

    private static @Nullable String nullableText(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static List<String> strings(JsonParser p, JsonToken v) throws IOException {
        expectArray(p, v, p.currentName());
        List<String> out = null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(p.getText());
        }
        return out == null ? List.of() : out;
    }

    private static List<String> strings(JsonNode array) {
        if (array.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode v : array) {
            out.add(v.asText());
        }
        return out;
    }
}
