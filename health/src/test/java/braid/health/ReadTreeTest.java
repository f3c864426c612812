package braid.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HealthChecks#readTree} builds the tree Jackson's own {@code YAMLMapper.readTree} builds, without its cost. */
class ReadTreeTest {
    @Test
    void theTreeIsJacksonsOwnForEveryKindOfValue() throws Exception {
        List<String> documents = List.of("""
                health:
                  concurrency: 50
                  trustStore: {path: ./ca.p12, password: "${file:secrets/ca}", type: PKCS12}
                  checks:
                    - {name: shop, http: "https://shop.example.com/", expectStatus: 200, expectBody: "Add to cart",
                       maxLatency: 2s, certificateMinDays: 14, timeout: 10s}
                    - {name: db, tcp: "db.internal:5432", for: 3}
                    - {name: log-volume, disk: /var/log, minFree: 10%}
                    - {name: errors, errorLog: /var/log/nginx/error.log, window: 1h, max: {crit: 0, error: 50}}
                    - {name: disk-root, prometheus: "http://node:9100/metrics",
                       rule: 'node_filesystem_avail_bytes{mountpoint="/"} < 2e9', severity: critical}
                    - {name: client-sites, clientWebsites: true, certificateMinDays: 14}
                """, """
                ints: [0, -7, 2147483647, 2147483648, 9223372036854775807, 9223372036854775808, 0x1F, 0o17]
                floats: [1.5, -0.25, 2e9, 1.0e-3, 12345678901234567890.5]
                words: [yes, no, on, off, true, false, True, FALSE, ~, null, Null, '', "", 'quoted: colon', "esc\\t\\u00e9"]
                empty:
                nested: {a: [1, {b: [2, 3]}], c: {}}
                list: []
                multi: |
                  two
                  lines
                folded: >
                  one
                  line
                dup: first
                dup: second
                """, """
                anchor: &a {x: 1, y: [a, b]}
                alias: *a
                merged: {<<: *a, z: 3}
                binary: !!binary aGVsbG8=
                tagged: !!str 123
                """, "just a scalar", "- a\n- b\n", "first: 1\n---\nsecond: 2\n", "# only a comment\n");
        YAMLMapper jackson = new YAMLMapper();
        for (String d : documents) {
            JsonNode theirs = jackson.readTree(d);
            JsonNode ours = HealthChecks.readTree(d);
            if (theirs.isMissingNode()) {
                assertThat(ours).as(d).isNull();
            } else {
                assertThat(ours).as(d).isEqualTo(theirs);
                assertThat(ours.toString()).as(d).isEqualTo(theirs.toString());
            }
        }
    }
}
