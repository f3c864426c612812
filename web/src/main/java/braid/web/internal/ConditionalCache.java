package braid.web.internal;

import org.jspecify.annotations.Nullable;
import braid.web.NewsItem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, per requested URL, the validators (ETag, Last-Modified) and the items parsed from
 * the last 200 response, as one JSON file per URL in the state directory. Thread-safe: each save
 * replaces its file atomically, so a concurrent load sees the old or the new entry, never half.
 */
public final class ConditionalCache {
    private static final Logger log = LoggerFactory.getLogger(ConditionalCache.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;

    public ConditionalCache(Path dir) {
        this.dir = dir;
    }

    /** One URL's cached state; strings, so the file format needs no extra Jackson modules. */
    public record Entry(String uri, String finalUri, @Nullable String etag, @Nullable String lastModified, @Nullable String feedUri,
                        List<Item> items, String savedAt) {
        public Entry {
            items = items == null ? List.of() : List.copyOf(items);
        }

        public HttpFetcher.Validators validators() {
            return new HttpFetcher.Validators(etag, lastModified);
        }

        public List<NewsItem> newsItems() {
            List<NewsItem> out = new ArrayList<>(items.size());
            for (Item i : items) {
                try {
                    out.add(new NewsItem(i.title(), URI.create(i.link()),
                            i.date() == null ? null : Instant.parse(i.date()), i.summary() == null ? "" : i.summary()));
                } catch (RuntimeException e) {
                    log.debug("skipping unreadable cached item {}", i, e);
                }
            }
            return out;
        }
    }

    /** A cached {@link NewsItem}. */
    public record Item(String title, String link, @Nullable String date, String summary) {
        static Item of(NewsItem n) {
            return new Item(n.title(), n.link().toString(), n.date() == null ? null : n.date().toString(), n.summary());
        }
    }

    /** The entry for {@code uri}, or null if none was saved or the file cannot be read. */
    public @Nullable Entry load(URI uri) {
        Path file = file(uri);
        try {
            Entry e = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Entry.class);
            return uri.toString().equals(e.uri()) ? e : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            // A damaged cache only costs one unconditional download.
            log.warn("ignoring unreadable news cache file {}: {}", file, e.toString());
            return null;
        }
    }

    /** Saves the entry; failures are logged, not thrown, because the news itself was read fine. */
    public void save(URI uri, URI finalUri, HttpFetcher.Validators v, @Nullable URI feedUri, List<NewsItem> items, Instant now) {
        if (v.etag() == null && v.lastModified() == null && feedUri == null) {
            // Nothing to send next time; an entry would only be stale data.
            return;
        }
        Entry e = new Entry(uri.toString(), finalUri.toString(), v.etag(), v.lastModified(),
                feedUri == null ? null : feedUri.toString(), items.stream().map(Item::of).toList(), now.toString());
        Path file = file(uri);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(e), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialize cache entry for " + uri, ex);
        } catch (IOException ex) {
            log.warn("cannot write news cache file {}: {}", file, ex.toString());
        }
    }

    private Path file(URI uri) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(uri.toString().getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
