package braid.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --date YYYY-MM-DD}, with a message that says what was expected. */
public final class IsoDate implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            // 2026-02-30 has the form but is no day: say so rather than ask for the form it has
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) throw new TypeConversionException("--date " + value + " is not a day of the calendar");
            throw new TypeConversionException("--date must be YYYY-MM-DD, was '" + value + "'");
        }
    }
}
