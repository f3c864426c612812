package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** braid's streaming JSON writes the very text databind's ObjectMapper writes, for every kind of value it is given. */
class PrettyJsonTest {
    @Test
    void theSameTextAsObjectMapperForMapsListsAndEveryScalar() throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("files", List.of("/var/log/nginx/access.log", "C:\\logs\\a \"b\".log"));
        root.put("day", null);
        root.put("zone", "Europe/Berlin");
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("requests", 1_234_567_890_123L);
        site.put("line", 7);
        site.put("botShare", 0.066);
        site.put("nothing", Double.NaN);
        site.put("ratio", 1.5f);
        site.put("ok", true);
        site.put("requestsPerHour", Arrays.asList(0L, 5L, 12L));
        site.put("empty", List.of());
        site.put("emptyMap", Map.of());
        site.put("text", "Zoë – «Fjällräven» \u0001 tab\t new\nline </script>");
        List<Object> top = new ArrayList<>();
        for (int i = 0; i < 3; i++) top.add(new LinkedHashMap<>(Map.of("key", "/p/" + i)));
        site.put("topPaths", top);
        root.put("overall", site);
        root.put("virtualHosts", new LinkedHashMap<>(Map.of("www.example.test", site)));
        String expected = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        assertThat(PrettyJson.of(root)).isEqualTo(expected);
    }
}
