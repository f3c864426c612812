package braid.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedDatesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Wed, 31 Jan 2018 20:15:15 GMT      | 2018-01-31T20:15:15Z",
            "Thu, 22 Jan 2009 20:36:18 -0500    | 2009-01-23T01:36:18Z",
            "Wed, 22 Jan 2014 20:31:31 +0600    | 2014-01-22T14:31:31Z",
            "Seg, 24 Set 2018 19:42:40 -0300    | 2018-09-24T22:42:40Z",
            "22 Jan 2009 20:36 EST              | 2009-01-23T01:36:00Z",
            "thu, 1 jan 09 00:00:00 gmt         | 2009-01-01T00:00:00Z",
            "Mon, 01 Feb 2016 10:00:00 +01:00   | 2016-02-01T09:00:00Z",
            "Tue, 24 Nov 2026 01:00:00 UT       | 2026-11-24T01:00:00Z",
            "2016-02-01T17:22:00+01:00          | 2016-02-01T16:22:00Z",
            "2018-01-29T14:40:49Z               | 2018-01-29T14:40:49Z",
            "2018-01-29t14:40:49.123456z        | 2018-01-29T14:40:49.123456Z",
            "2018-01-29 14:40:49                | 2018-01-29T14:40:49Z",
            "2009-01-22T13:37:00+0000           | 2009-01-22T13:37:00Z",
            "2026-11-10                         | 2026-11-10T00:00:00Z",
            "November 20, 2026                  | 2026-11-20T00:00:00Z",
            "20 November 2026                   | 2026-11-20T00:00:00Z",
            "24 Mar 2026                        | 2026-03-24T00:00:00Z",
    })
    void parsesRealWorldDates(String text, String expected) {
        assertThat(FeedDates.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "31 Feb 2020", "2020-13-01", "Foo, 12 Xyz 2020 10:00:00 GMT"})
    void answersNullForWhatIsNotADate(String text) {
        assertThat(FeedDates.parse(text)).isNull();
    }
}
